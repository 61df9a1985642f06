import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response } from 'express';
import mongoose from 'mongoose';
import { z } from 'zod';
import { webhookRouter } from './line/webhook';
import type { Runtime } from './runtime';
import { errorText, logger } from './shared/logger';

/** Mounted before the app's routes by main.ts in local mode (the fake LINE API, the simulator). */
export type ExtraRoutes = (app: express.Express) => void;

/** A proxy's request id is kept only when it has a sane shape; anything else gets our own UUID. */
const clientRequestId = z.string().regex(/^[\w.:-]{1,100}$/);

/**
 * The express app, without listen(): tests import it. No global body parser: the webhook reads
 * its raw bytes for the signature, and other routes parse their own bodies.
 */
export function createApp(runtime: Runtime, extra?: ExtraRoutes): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  app.use((req, res, next) => {
    res.locals.requestId = clientRequestId.safeParse(req.get('x-request-id')).data ?? randomUUID();
    res.setHeader('x-request-id', res.locals.requestId as string);
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      const db = mongoose.connection.db;
      if (mongoose.connection.readyState !== 1 || !db) throw new Error('not connected');
      await db.admin().ping();
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'database unreachable' });
    }
  });

  app.use(webhookRouter({ channelSecret: runtime.config.line.channelSecret, onStored: (sources) => runtime.processor.kick(sources) }));
  extra?.(app);
  for (const feature of runtime.features) {
    if (feature.routes) app.use(feature.routes(runtime.config));
  }

  app.use((_req, res) => {
    res.status(404).json({ message: 'not found' });
  });
  // express answers a body over the limit with a 413 error; anything else is our failure.
  app.use((err: { status?: number; type?: string; message?: string }, _req: Request, res: Response, _next: NextFunction) => {
    const status = typeof err.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 500) logger.error({ requestId: res.locals.requestId, err: errorText(err) }, 'request failed');
    res.status(status).json({ message: status === 413 ? 'body too large' : status === 500 ? 'internal error' : (err.message ?? 'bad request') });
  });
  return app;
}
