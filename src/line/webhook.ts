import express, { type Request, type Response, type Router } from 'express';
import { validateSignature } from '@line/bot-sdk';
import { z } from 'zod';
import { logger } from '../shared/logger';
import { storeEvents, type IncomingEvent } from './event-store';

/** LINE's bodies are far smaller; anything over this is refused before it is read further. */
export const MAX_WEBHOOK_BYTES = 1024 * 1024;

/** Only the fields the pipeline relies on are required; the rest of each event is kept as sent. */
const deliverySchema = z.object({
  destination: z.string().optional(),
  events: z.array(
    z
      .object({
        webhookEventId: z.string().min(1).max(64),
        timestamp: z.number().int().nonnegative(),
        type: z.string().min(1).max(40),
        mode: z.enum(['active', 'standby']).optional(),
        source: z.object({ type: z.string(), userId: z.string().max(64).optional(), groupId: z.string().max(64).optional(), roomId: z.string().max(64).optional() }).optional(),
      })
      .loose(),
  ),
});

export interface WebhookOptions {
  channelSecret: string;
  /** Called after events were stored, with the chats they came from, so processing starts at once. */
  onStored(sources: string[]): void;
}

/**
 * POST /webhook. The signature is checked on the exact raw bytes before anything parses them;
 * events are stored, then LINE gets its 200. Processing happens after, from the stored copy.
 */
export function webhookRouter(options: WebhookOptions): Router {
  const router = express.Router();
  router.post('/webhook', express.raw({ type: () => true, limit: MAX_WEBHOOK_BYTES }), async (req: Request, res: Response) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const signature = req.get('x-line-signature');
    if (!signature || !validateSignature(body, options.channelSecret, signature)) {
      res.status(401).json({ message: 'invalid signature' });
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      res.status(400).json({ message: 'body is not JSON' });
      return;
    }
    const delivery = deliverySchema.safeParse(json);
    if (!delivery.success) {
      res.status(400).json({ message: 'not a LINE webhook delivery' });
      return;
    }
    // Checked by the app (src/app.ts): our own UUID or a proxy's id of a sane shape.
    const requestId = res.locals.requestId as string;
    const outcome = await storeEvents(delivery.data.events as IncomingEvent[], requestId);
    // One line per delivery, counts only: what the events say stays out of the logs.
    const { sources, ...counts } = outcome;
    logger.info({ requestId, events: delivery.data.events.length, ...counts }, 'webhook delivery stored');
    res.status(200).json({});
    if (sources.length > 0) options.onStored(sources);
  });
  return router;
}
