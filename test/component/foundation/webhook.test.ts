import { useTestBot } from '../../support/bot';
import { delivery, events, sign } from '../../support/webhook';
import { WebhookEventModel } from '../../../src/line/webhook-event.model';
import { usersFeature } from '../../../src/features/users/users.handlers';
import { helpFeature } from '../../../src/features/help/help.handlers';
import { logger } from '../../../src/shared/logger';

const bot = useTestBot({ features: [usersFeature, helpFeature] });

async function postRaw(body: string | Buffer, headers: Record<string, string>) {
  return fetch(`${bot.url}/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
}

describe('POST /webhook', () => {
  it('when the signature is missing or wrong, then it answers 401 and stores nothing', async () => {
    const body = delivery([events.text('สวัสดี')]);
    expect((await postRaw(body, {})).status).toBe(401);
    expect((await postRaw(body, { 'x-line-signature': sign(body, 'another-secret') })).status).toBe(401);
    expect((await postRaw(`${body} `, { 'x-line-signature': sign(body) })).status).toBe(401);
    expect(await WebhookEventModel.countDocuments()).toBe(0);
  });

  it('when the signed body is not JSON or not a delivery, then it answers 400', async () => {
    expect((await postRaw('{nope', { 'x-line-signature': sign('{nope') })).status).toBe(400);
    const odd = JSON.stringify({ events: [{ type: 'message' }] });
    expect((await postRaw(odd, { 'x-line-signature': sign(odd) })).status).toBe(400);
    expect(await WebhookEventModel.countDocuments()).toBe(0);
  });

  it('when the body is over 1 MB, then it answers 413', async () => {
    const body = Buffer.alloc(1024 * 1024 + 10, 0x20);
    expect((await postRaw(body, { 'x-line-signature': sign(body) })).status).toBe(413);
  });

  it("when LINE's verify request arrives with no events, then it answers 200", async () => {
    const res = await bot.post([]);
    expect(res.status).toBe(200);
  });

  it('when the same event is delivered twice, then it is stored and answered once', async () => {
    const event = events.text('ช่วยเหลือ', { userId: 'U_dup' });
    await bot.send(event);
    await bot.send({ ...event, deliveryContext: { isRedelivery: true } });
    expect(await WebhookEventModel.countDocuments({ webhookEventId: event.webhookEventId })).toBe(1);
    expect(bot.line.callsOf('reply')).toHaveLength(1);
  });

  it('when the events cannot be stored, then it answers 500 so that LINE redelivers', async () => {
    const insertMany = jest.spyOn(WebhookEventModel.collection, 'insertMany').mockRejectedValueOnce(new Error('database unreachable'));
    try {
      const res = await bot.post([events.text('ช่วยเหลือ', { userId: 'U_down' })]);
      expect(res.status).toBe(500);
    } finally {
      insertMany.mockRestore();
    }
    expect(bot.line.calls).toHaveLength(0);
  });

  it('when an event is in standby mode, then it is stored but not answered', async () => {
    const event = events.text('ช่วยเหลือ', { userId: 'U_standby', mode: 'standby' });
    await bot.send(event);
    const stored = await WebhookEventModel.findOne({ webhookEventId: event.webhookEventId }).lean();
    expect(stored?.status).toBe('skipped');
    expect(bot.line.calls.filter((c) => c.kind === 'reply' || c.kind === 'push')).toHaveLength(0);
  });

  it('when an event was handled, then only what deduplication needs is kept', async () => {
    const event = events.text('ข้อความส่วนตัว 0812345678', { userId: 'U_private' });
    await bot.send(event);
    const stored = await WebhookEventModel.findOne({ webhookEventId: event.webhookEventId }).lean();
    expect(stored?.status).toBe('done');
    expect(stored?.payload).toBeUndefined();
    expect(stored?.sourceKey).toBeUndefined();
    expect(JSON.stringify(stored)).not.toContain('U_private');
    expect(stored?.expireAt).toBeInstanceOf(Date);
  });
});

describe('request logs', () => {
  afterEach(() => jest.restoreAllMocks());

  it('when a delivery is stored, then one info line carries its request id and counts, and no user data', async () => {
    const known = events.text('ช่วยเหลือ', { userId: 'U_logged' });
    await bot.send(known);
    const info = jest.spyOn(logger, 'info');
    const res = await bot.post([{ ...known, deliveryContext: { isRedelivery: true } }, events.text('สวัสดี', { userId: 'U_logged' }), events.text('สวัสดี', { userId: 'U_logged', mode: 'standby' })]);
    const requestId = res.headers.get('x-request-id');
    expect(requestId).toBeTruthy();

    const lines = info.mock.calls.filter(([fields]) => (fields as { requestId?: string }).requestId === requestId);
    expect(lines).toEqual([[{ requestId, events: 3, stored: 1, duplicates: 1, standby: 1 }, 'webhook delivery stored']]);
    expect(JSON.stringify(info.mock.calls)).not.toContain('U_logged');
    expect(JSON.stringify(info.mock.calls)).not.toContain('สวัสดี');
  });

  it('when a delivery is stored, then each of its events records the request id', async () => {
    const res = await bot.post([events.text('ช่วยเหลือ', { userId: 'U_a' }), events.text('ช่วยเหลือ', { userId: 'U_b' })]);
    const stored = await WebhookEventModel.find().lean();
    expect(stored.map((e) => e.requestId)).toEqual([res.headers.get('x-request-id'), res.headers.get('x-request-id')]);
  });

  it("when a proxy's request id has a sane shape, then it is kept; when it carries anything else, then our own id replaces it", async () => {
    const body = delivery([events.text('ช่วยเหลือ', { userId: 'U_a' })]);
    const kept = await postRaw(body, { 'x-line-signature': sign(body), 'x-request-id': 'lb-7f3a.21:9' });
    expect(kept.headers.get('x-request-id')).toBe('lb-7f3a.21:9');

    const forged = delivery([events.text('ช่วยเหลือ', { userId: 'U_b' })]);
    const replaced = await postRaw(forged, { 'x-line-signature': sign(forged), 'x-request-id': '"},{"level":60,"msg":"injected' });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect((await WebhookEventModel.find().lean()).map((e) => e.requestId).sort()).toEqual(['lb-7f3a.21:9', replaced.headers.get('x-request-id')].sort());
  });
});

describe('health', () => {
  it('when the process is up and the database reachable, then /healthz and /readyz answer 200', async () => {
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${bot.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });
});
