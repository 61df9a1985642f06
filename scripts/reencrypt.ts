/**
 * npm run reencrypt: after rotating DATA_ENCRYPTION_KEY, rewrites everything written with an
 * older key under the current one: confidential reports (details, identity, notification
 * address, internal notes), open confidential dialogs, confidential pushes still waiting to be
 * sent and webhook events still waiting to be processed. Safe to run again, also while the bot
 * runs; prints how many of each it rewrote and the total. When the total is 0, the old key can be
 * removed from DATA_ENCRYPTION_OLD_KEYS, except that satisfaction-survey hashes cannot be re-keyed
 * (they are one-way): keep the old key there for SURVEY_KEY_OVERLAP_DAYS after the rotation.
 */
import { ConfigError } from '../src/config';
import { adminConfig, AdminError, connectAdminDatabase } from '../src/admin/admin-connection';
import { reencryptSessions } from '../src/conversation/session-answers';
import { SURVEY_KEY_OVERLAP_DAYS } from '../src/features/surveys/survey-hashes';
import { reencryptIntegrityReports } from '../src/features/integrity/integrity.service';
import { reencryptPendingEvents } from '../src/line/event-payload';
import { reencryptPendingPushes } from '../src/notifications/outbox.service';
import { setEncryptionKeys } from '../src/shared/crypto';
import { setLogLevel } from '../src/shared/logger';

async function main(): Promise<void> {
  const config = adminConfig();
  setLogLevel('warn');
  setEncryptionKeys(config.encryptionKeys);
  const database = await connectAdminDatabase(config);
  try {
    const version = config.encryptionKeys.current.version;
    const counts = { reports: await reencryptIntegrityReports(), dialogs: await reencryptSessions(), pushes: await reencryptPendingPushes(), events: await reencryptPendingEvents() };
    process.stdout.write(
      [
        `integrity reports re-encrypted under key ${version}: ${counts.reports}`,
        `confidential dialogs re-sealed under key ${version}: ${counts.dialogs}`,
        `waiting confidential pushes re-sealed under key ${version}: ${counts.pushes}`,
        `waiting webhook events re-sealed under key ${version}: ${counts.events}`,
        `total: ${counts.reports + counts.dialogs + counts.pushes + counts.events}`,
        `survey hashes cannot be re-keyed: keep the old key in DATA_ENCRYPTION_OLD_KEYS until ${SURVEY_KEY_OVERLAP_DAYS} days after the rotation`,
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
