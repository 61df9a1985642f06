import { createHmac, randomBytes, randomUUID } from 'node:crypto';

/** What the simulator page asks a simulated user to send. */
export type SimInput =
  | { type: 'text'; text: string }
  | { type: 'postback'; data: string; displayText?: string; params?: Record<string, string> }
  | { type: 'image'; messageIds: string[] }
  | { type: 'location'; latitude: number; longitude: number; title?: string; address: string }
  | { type: 'sticker'; packageId: string; stickerId: string }
  | { type: 'follow' }
  | { type: 'unfollow' };

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID (26 characters, time-ordered), the shape of LINE's webhookEventId. */
export function ulid(now: number = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i += 1) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const random = [...randomBytes(16)].map((b) => CROCKFORD[b % 32]).join('');
  return time + random;
}

/** A message id as LINE gives them: a long decimal string. */
export function messageId(): string {
  return `${Date.now()}${String(randomBytes(3).readUIntBE(0, 3)).padStart(8, '0')}`.slice(0, 18);
}

/** base64(HMAC-SHA256(channelSecret, body)): LINE's x-line-signature. */
export function signBody(body: string, channelSecret: string): string {
  return createHmac('sha256', channelSecret).update(body).digest('base64');
}

/**
 * Builds the webhook events LINE would send for one action of a user: one event, or one per
 * photo with an `imageSet` when several photos go at once. Each carries its own reply token.
 */
export function buildEvents(lineUserId: string, input: SimInput, replyToken: () => string, now: number = Date.now()): Record<string, unknown>[] {
  const base = (type: string, withToken = true) => ({
    type,
    mode: 'active',
    timestamp: now,
    source: { type: 'user', userId: lineUserId },
    webhookEventId: ulid(now),
    deliveryContext: { isRedelivery: false },
    ...(withToken ? { replyToken: replyToken() } : {}),
  });
  const quoteToken = () => randomUUID().replace(/-/g, '');
  switch (input.type) {
    case 'text':
      return [{ ...base('message'), message: { type: 'text', id: messageId(), quoteToken: quoteToken(), text: input.text } }];
    case 'postback':
      return [{ ...base('postback'), postback: { data: input.data, ...(input.params ? { params: input.params } : {}) } }];
    case 'image': {
      const setId = randomUUID();
      const total = input.messageIds.length;
      return input.messageIds.map((id, i) => ({
        ...base('message'),
        message: { type: 'image', id, quoteToken: quoteToken(), contentProvider: { type: 'line' }, ...(total > 1 ? { imageSet: { id: setId, index: i + 1, total } } : {}) },
      }));
    }
    case 'location':
      return [{ ...base('message'), message: { type: 'location', id: messageId(), ...(input.title ? { title: input.title } : {}), address: input.address, latitude: input.latitude, longitude: input.longitude } }];
    case 'sticker':
      return [{ ...base('message'), message: { type: 'sticker', id: messageId(), quoteToken: quoteToken(), packageId: input.packageId, stickerId: input.stickerId, stickerResourceType: 'STATIC' } }];
    case 'follow':
      return [{ ...base('follow'), follow: { isUnblocked: false } }];
    case 'unfollow':
      return [base('unfollow', false)];
  }
}

/** POSTs a signed delivery to the app's webhook, exactly as LINE does; returns the HTTP status. */
export async function deliver(webhookUrl: string, channelSecret: string, events: unknown[], destination = 'Ufakebot'): Promise<number> {
  const body = JSON.stringify({ destination, events });
  const res = await fetch(webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-line-signature': signBody(body, channelSecret), 'user-agent': 'LineBotWebhook/2.0' },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  await res.arrayBuffer();
  return res.status;
}
