/**
 * npm run reencrypt: after rotating DATA_ENCRYPTION_KEY, rewrites everything written with an
 * older key under the current one: confidential reports (details, identity, notification
 * address, internal notes), open confidential dialogs and confidential pushes still waiting to be
 * sent. Safe to run again, also while the bot runs; prints how many of each it rewrote and the
 * total. When the total is 0, the old key can be removed from DATA_ENCRYPTION_OLD_KEYS.
 */
import { ConfigError, loadConfig } from '../src/config';
import { AdminError, connectAdminDatabase } from '../src/admin/admin-connection';
import { reencryptSessions } from '../src/conversation/session-answers';
import { reencryptIntegrityReports } from '../src/features/integrity/integrity.service';
import { reencryptPendingPushes } from '../src/notifications/outbox.service';
import { setEncryptionKeys } from '../src/shared/crypto';
import { setLogLevel } from '../src/shared/logger';

async function main(): Promise<void> {
  const config = loadConfig();
  setLogLevel('warn');
  setEncryptionKeys(config.encryptionKeys);
  const database = await connectAdminDatabase(config);
  try {
    const version = config.encryptionKeys.current.version;
    const counts = { reports: await reencryptIntegrityReports(), dialogs: await reencryptSessions(), pushes: await reencryptPendingPushes() };
    process.stdout.write(
      [
        `integrity reports re-encrypted under key ${version}: ${counts.reports}`,
        `confidential dialogs re-sealed under key ${version}: ${counts.dialogs}`,
        `waiting confidential pushes re-sealed under key ${version}: ${counts.pushes}`,
        `total: ${counts.reports + counts.dialogs + counts.pushes}`,
        '',
      ].join('\n'),
    );
  } finally {
    await database.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof ConfigError || err instanceof AdminError ? err.message : String(err)}\n`);
  process.exit(1);
});
