/** npm run bench: every benchmark, one after the other (they must not share the two cores). */
import { spawnSync } from 'node:child_process';

for (const script of ['bench:db', 'bench:webhook']) {
  const result = spawnSync('npm', ['run', '--silent', script], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
