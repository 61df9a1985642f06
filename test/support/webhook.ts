import { createHmac, randomUUID } from 'node:crypto';

export const TEST_CHANNEL_SECRET = 'test-channel-secret-0123456789abcdef';
export const TEST_ACCESS_TOKEN = 'test-access-token';
/** 32 bytes, base64: the tests' DATA_ENCRYPTION_KEY. */
export const TEST_ENCRYPTION_KEY = Buffer.alloc(32, 42).toString('base64');

/** base64(HMAC-SHA256(secret, body)): exactly what LINE puts in x-line-signature. */
export function sign(body: string | Buffer, secret = TEST_CHANNEL_SECRET): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

let sequence = 0;

/** A webhook event id in ULID shape, unique per call. */
export function eventId(): string {
  sequence += 1;
  return `01TEST${Date.now().toString(36).toUpperCase()}${String(sequence).padStart(8, '0')}${randomUUID().slice(0, 4).toUpperCase()}`.slice(0, 26);
}

interface Base {
  userId?: string;
  timestamp?: number;
  webhookEventId?: string;
  replyToken?: string;
  mode?: 'active' | 'standby';
}

function base(type: string, opts: Base) {
  const id = opts.webhookEventId ?? eventId();
  return {
    type,
    mode: opts.mode ?? 'active',
    timestamp: opts.timestamp ?? Date.now(),
    source: { type: 'user', userId: opts.userId ?? 'U_citizen_1' },
    webhookEventId: id,
    deliveryContext: { isRedelivery: false },
    replyToken: opts.replyToken ?? `rt-${id}`,
  };
}

/** Builders of webhook events as LINE sends them. */
export const events = {
  text: (text: string, opts: Base = {}) => ({ ...base('message', opts), message: { type: 'text', id: randomUUID(), quoteToken: 'q', text } }),
  postback: (data: string, opts: Base & { params?: Record<string, string> } = {}) => ({ ...base('postback', opts), postback: { data, ...(opts.params ? { params: opts.params } : {}) } }),
  image: (messageId: string, opts: Base & { imageSet?: { id: string; index: number; total: number } } = {}) => ({
    ...base('message', opts),
    message: { type: 'image', id: messageId, quoteToken: 'q', contentProvider: { type: 'line' }, ...(opts.imageSet ? { imageSet: opts.imageSet } : {}) },
  }),
  location: (latitude: number, longitude: number, opts: Base & { address?: string } = {}) => ({
    ...base('message', opts),
    message: { type: 'location', id: randomUUID(), latitude, longitude, address: opts.address ?? 'ถนนเทศบาล 1' },
  }),
  sticker: (opts: Base = {}) => ({ ...base('message', opts), message: { type: 'sticker', id: randomUUID(), packageId: '446', stickerId: '1988', stickerResourceType: 'STATIC' } }),
  file: (opts: Base = {}) => ({ ...base('message', opts), message: { type: 'file', id: randomUUID(), fileName: 'doc.pdf', fileSize: 1000 } }),
  follow: (opts: Base & { unblocked?: boolean } = {}) => ({ ...base('follow', opts), follow: { isUnblocked: opts.unblocked ?? false } }),
  unfollow: (opts: Base = {}) => {
    const { replyToken: _r, ...rest } = base('unfollow', opts);
    return rest;
  },
};

/** A delivery body as LINE sends it. */
export function delivery(eventList: unknown[]): string {
  return JSON.stringify({ destination: 'Ubot', events: eventList });
}
