import mongoose from 'mongoose';
import { startTestBot, type TestBot } from '../../support/bot';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../../src/db/embedded';
import { helpFeature } from '../../../src/features/help/help.handlers';

/** Its own database server, so that the test can take it away from under the running app. */
let server: EmbeddedMongo;
let bot: TestBot;

beforeAll(async () => {
  server = await startEmbeddedMongo({ port: 0 });
  await mongoose.connect(server.uri, { dbName: 'readiness', serverSelectionTimeoutMS: 2000 });
  bot = await startTestBot({ features: [helpFeature] });
});

afterAll(async () => {
  await bot.close();
  await mongoose.disconnect();
});

describe('GET /readyz', () => {
  it('when the database becomes unreachable, then /readyz answers 503 while /healthz still answers 200', async () => {
    expect((await fetch(`${bot.url}/readyz`)).status).toBe(200);

    await server.stop();
    const ready = await fetch(`${bot.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'database unreachable' });
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  });
});
