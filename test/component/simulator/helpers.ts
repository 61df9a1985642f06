import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Simulator } from '../../../src/simulator/simulator';
import { simulatorRouter } from '../../../src/simulator/simulator.routes';
import type { TestBot } from '../../support/bot';
import { TEST_CHANNEL_SECRET } from '../../support/webhook';

export interface ServedSimulator {
  /** The simulator's root: http://127.0.0.1:<port>/simulator */
  url: string;
  simulator: Simulator;
  close(): Promise<void>;
}

/** Serves the simulator's routes on a loopback port, over the bot's fake LINE and posting to the bot's webhook. */
export async function serveSimulator(bot: TestBot): Promise<ServedSimulator> {
  const sim = simulatorRouter({ state: bot.line, channelSecret: TEST_CHANNEL_SECRET, webhookUrl: `${bot.url}/webhook` });
  const app = express();
  app.use(sim.router);
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/simulator`,
    simulator: sim.simulator,
    async close() {
      sim.simulator.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
