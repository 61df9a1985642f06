import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { AppConfig } from './config';
import { createFakeLineApi } from './line/fake/fake-line-api';
import { FakeLineState } from './line/fake/fake-line-state';
import { simulatorRouter } from './simulator/simulator.routes';

/** The fake LINE API's state in local mode, shared with the simulator. */
export const localLineState = new FakeLineState();

export interface LocalLineApi {
  /** Base URL for LINE_API_BASE_URL and LINE_DATA_API_BASE_URL. */
  url: string;
  close(): Promise<void>;
}

/**
 * Local mode (no LINE credentials): the fake LINE API answers the bot's LINE calls on its own
 * loopback port (the SDK resolves its paths from the root of the base URL, so it cannot live
 * under a path of the main app).
 */
export async function startLocalLineApi(config: AppConfig): Promise<LocalLineApi> {
  const app = express();
  app.use(createFakeLineApi({ channelAccessToken: config.line.channelAccessToken, state: localLineState }).router);
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Routes that exist only in local mode, on the main app: the simulator at /simulator. */
export function mountLocalMode(app: express.Express, config: AppConfig): void {
  // As on LINE, a reply token is good for about a minute.
  localLineState.replyTokenTtlMs = 60_000;
  app.use(simulatorRouter({ state: localLineState, channelSecret: config.line.channelSecret }).router);
}
