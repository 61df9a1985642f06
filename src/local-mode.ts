import type express from 'express';
import type { AppConfig } from './config';
import { createFakeLineApi } from './line/fake/fake-line-api';
import { FakeLineState } from './line/fake/fake-line-state';

/** The fake LINE API's state in local mode, shared with the simulator. */
export const localLineState = new FakeLineState();

/**
 * Local mode (no LINE credentials): the fake LINE API answers the bot's LINE calls at
 * /fake-line, and the simulator page lets a person chat with the bot at /simulator.
 */
export function mountLocalMode(app: express.Express, config: AppConfig): void {
  const fake = createFakeLineApi({ channelAccessToken: config.line.channelAccessToken, state: localLineState });
  app.use('/fake-line', fake.router);
}
