import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { startTestBot, type TestBot } from '../../support/bot';
import { events } from '../../support/webhook';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../../src/db/embedded';
import { helpFeature } from '../../../src/features/help/help.handlers';
import { WebhookEventModel } from '../../../src/line/webhook-event.model';
import { currentKeyVersion } from '../../../src/shared/crypto';

/**
 * The embedded store appends every write to a journal file: what a waiting event holds is on disk
 * as written. Its own server with a data file, so the test can read that file.
 */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'event-privacy-'));
const dataFile = path.join(dataDir, 'db.bson');
let server: EmbeddedMongo;
let bot: TestBot;

beforeAll(async () => {
  server = await startEmbeddedMongo({ port: 0, dataFile });
  await mongoose.connect(server.uri, { dbName: 'privacy' });
  bot = await startTestBot({ features: [helpFeature] });
});

afterAll(async () => {
  await bot.close();
  await mongoose.disconnect();
  await server.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Every file the embedded store wrote, as one buffer. */
function storeFiles(): Buffer {
  return Buffer.concat(fs.readdirSync(dataDir).map((name) => fs.readFileSync(path.join(dataDir, name))));
}

describe('webhook events at rest', () => {
  it('when an event waits to be processed, then its content is encrypted in the database and on disk, and it is still answered', async () => {
    const secret = 'หัวหน้ากองช่างเรียกเงินใต้โต๊ะ 0812345678';
    const event = events.text(secret, { userId: 'U_whistle' });
    expect((await bot.post([event])).status).toBe(200);

    const waiting = await WebhookEventModel.collection.findOne({ webhookEventId: event.webhookEventId });
    expect(waiting?.payload).toMatchObject({ v: currentKeyVersion(), iv: expect.any(String), tag: expect.any(String), data: expect.any(String) });
    expect(JSON.stringify(waiting)).not.toContain(secret);
    expect(JSON.stringify(waiting)).not.toContain(event.replyToken);
    expect(storeFiles().includes(Buffer.from(secret, 'utf8'))).toBe(false);

    await bot.drain();
    expect(bot.line.callsOf('reply')).toHaveLength(1);
    expect(storeFiles().includes(Buffer.from(secret, 'utf8'))).toBe(false);
  });
});
