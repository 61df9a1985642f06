/**
 * A second instance for the crash test, run as its own process:
 *   node --import tsx crashing-instance.ts <mongodb uri> <database name>
 * It processes webhook events with a handler that never returns, prints "handling" when it has
 * started one, and waits there to be killed: what a crash leaves in the database is then real.
 */
import mongoose from 'mongoose';
import { EventProcessor } from '../../../src/line/event-processor';
import { setEncryptionKeys } from '../../../src/shared/crypto';
import { TEST_ENCRYPTION_KEY } from '../../support/webhook';

async function main(): Promise<void> {
  const [uri, dbName] = process.argv.slice(2);
  setEncryptionKeys({ current: { version: 'v1', key: Buffer.from(TEST_ENCRYPTION_KEY, 'base64') }, previous: [] });
  await mongoose.connect(uri, { dbName });
  const hang = async () => {
    process.stdout.write('handling\n');
    await new Promise(() => undefined);
  };
  new EventProcessor(hang, async () => undefined, { pollMs: 50 }).start();
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});
