/**
 * npm run reencrypt: after rotating DATA_ENCRYPTION_KEY, rewrites confidential fields written with
 * an older key under the current one. Safe to run again; prints how many were rewritten. When it
 * prints 0, the old key can be removed from DATA_ENCRYPTION_OLD_KEYS.
 */
import { ConfigError, loadConfig } from '../src/config';
import { AdminError, connectAdminDatabase } from '../src/admin/admin-connection';
import { reencryptIntegrityReports } from '../src/features/integrity/integrity.service';
import { setEncryptionKeys } from '../src/shared/crypto';
import { setLogLevel } from '../src/shared/logger';

async function main(): Promise<void> {
  const config = loadConfig();
  setLogLevel('warn');
  setEncryptionKeys(config.encryptionKeys);
  const database = await connectAdminDatabase(config);
  try {
    const rewritten = await reencryptIntegrityReports();
    process.stdout.write(`integrity reports re-encrypted under key ${config.encryptionKeys.current.version}: ${rewritten}\n`);
  } finally {
    await database.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof ConfigError || err instanceof AdminError ? err.message : String(err)}\n`);
  process.exit(1);
});
