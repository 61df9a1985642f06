/**
 * The municipality's data from one YAML or JSON file (example: scripts/examples/municipality.yaml):
 *   npm run config -- plan <file>    validate every section and show what would change
 *   npm run config -- apply <file>   validate, show the changes, apply them
 * Sections, applied in this order: settings, departments, categories, queueServices, surveys, content.
 * Items left out of a list that are in use are deactivated, never deleted; a second apply changes nothing.
 * Every problem (fields, repeated codes or prefixes, departments that do not exist) is listed before anything changes.
 */
import path from 'node:path';
import { ConfigError } from '../src/config';
import { adminConfig, AdminError, connectAdminDatabase } from '../src/admin/admin-connection';
import { applyConfig, ConfigFileError, hasChanges, loadConfigFile, planConfig, type SectionResult } from '../src/admin/config-file';
import { configSections } from '../src/admin/sections';
import { clock } from '../src/shared/clock';
import { setLogLevel } from '../src/shared/logger';

const USAGE = 'usage: npm run config -- <plan|apply> <file.yaml|file.json> [--verbose]';
const print = (line = '') => process.stdout.write(`${line}\n`);
const SYMBOL = { create: '+', update: '~', deactivate: '-', unchanged: '=' } as const;

function printResults(results: SectionResult[], verbose: boolean): void {
  for (const { section, changes } of results) {
    const counts = Object.entries(changes.reduce<Record<string, number>>((acc, c) => ({ ...acc, [c.action]: (acc[c.action] ?? 0) + 1 }), {}))
      .map(([action, n]) => `${n} ${action}`)
      .join(', ');
    print(`${section}: ${counts || 'nothing'}`);
    for (const c of changes) {
      if (c.action === 'unchanged' && !verbose) continue;
      print(`  ${SYMBOL[c.action]} ${c.key}${c.details ? `  ${c.details}` : ''}`);
    }
  }
}

async function run(argv: string[]): Promise<number> {
  const verbose = argv.includes('--verbose');
  const [command, file, extra] = argv.filter((a) => a !== '--verbose');
  if (!command || command === 'help') {
    print(USAGE);
    return command ? 0 : 2;
  }
  if (command !== 'plan' && command !== 'apply') throw new AdminError(`unknown command "${command}"\n${USAGE}`);
  if (!file || extra) throw new AdminError(`${command} takes one file\n${USAGE}`);
  const config = adminConfig();
  setLogLevel(process.env.LOG_LEVEL ?? 'warn');
  // Validation first: a broken file is reported without touching the database.
  const loaded = loadConfigFile(path.resolve(file), configSections);
  const db = await connectAdminDatabase(config);
  try {
    const plan = await planConfig(loaded);
    print(`${command === 'plan' ? 'Plan' : 'Changes'} for ${file}:`);
    printResults(plan, verbose);
    if (!hasChanges(plan)) {
      print('Nothing to change.');
      return 0;
    }
    if (command === 'plan') {
      print('Run `npm run config -- apply` with the same file to make these changes.');
      return 0;
    }
    await applyConfig(loaded, clock.now());
    print('Applied.');
    return 0;
  } finally {
    await db.close();
  }
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof ConfigFileError) process.stderr.write(`${err.message}\n`);
    else if (err instanceof ConfigError || err instanceof AdminError) process.stderr.write(`error: ${err.message}\n`);
    // Anything else is unexpected: its message, and the stack only when asked for with LOG_LEVEL=debug.
    else process.stderr.write(`error: ${err instanceof Error ? (process.env.LOG_LEVEL === 'debug' ? (err.stack ?? err.message) : err.message) : String(err)}\n`);
    process.exit(1);
  },
);
