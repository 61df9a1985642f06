import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import sharp from 'sharp';
import { createFakeLineApi } from '../../../src/line/fake/fake-line-api';
import type { FakeLineState } from '../../../src/line/fake/fake-line-state';
import { LineApiError, LineClient } from '../../../src/line/line-client';

const TOKEN = 'fake-line-unit-token';
let server: http.Server;
let base: string;
let state: FakeLineState;
let client: LineClient;

beforeAll(async () => {
  const fake = createFakeLineApi({ channelAccessToken: TOKEN });
  state = fake.state;
  const app = express();
  app.use(fake.router);
  server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  client = new LineClient({ channelAccessToken: TOKEN, apiBaseUrl: base, dataApiBaseUrl: base });
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});
afterEach(() => {
  state.reset();
  state.replyTokenTtlMs = undefined;
  state.monthlyQuota = undefined;
});

/** A raw call, for what LineClient refuses to send itself (it checks limits first). */
async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const text = (t: string) => ({ type: 'text' as const, text: t });
const statusOf = async (p: Promise<unknown>) => p.then(() => 200, (e: unknown) => (e instanceof LineApiError ? e.status : -1));

describe('fake LINE API: messages', () => {
  it('when a reply uses an issued token, then it is delivered to the token owner once, and a second use is refused', async () => {
    const token = state.issueReplyToken('U1');
    await client.reply(token, [text('สวัสดี')]);
    expect(state.messagesTo('U1')).toEqual([text('สวัสดี')]);
    const again = await call('POST', '/v2/bot/message/reply', { replyToken: token, messages: [text('x')] });
    expect(again).toEqual({ status: 400, json: { message: 'Invalid reply token' } });
  });

  it('when reply token expiry is on and the token is over a minute old, then LINE refuses it', async () => {
    state.replyTokenTtlMs = 60_000;
    const old = state.issueReplyToken('U1', 'old-token', Date.now() - 61_000);
    const fresh = state.issueReplyToken('U1', 'fresh-token');
    expect((await call('POST', '/v2/bot/message/reply', { replyToken: old, messages: [text('x')] })).status).toBe(400);
    expect((await call('POST', '/v2/bot/message/reply', { replyToken: fresh, messages: [text('x')] })).status).toBe(200);
  });

  it('when a message breaks a LINE limit, then the call fails with 400 and LINE-style details', async () => {
    const six = Array.from({ length: 6 }, (_, i) => text(`m${i}`));
    const res = await call('POST', '/v2/bot/message/push', { to: 'U1', messages: six });
    expect(res.status).toBe(400);
    expect(res.json.message).toBe('The request body has 1 error(s)');
    const longLabel = { type: 'text', text: 'x', quickReply: { items: [{ type: 'action', action: { type: 'message', label: 'ป'.repeat(21), text: 'x' } }] } };
    expect((await call('POST', '/v2/bot/message/push', { to: 'U1', messages: [longLabel] })).status).toBe(400);
    const longData = { type: 'text', text: 'x', quickReply: { items: [{ type: 'action', action: { type: 'postback', label: 'ok', data: 'd'.repeat(301) } }] } };
    expect((await call('POST', '/v2/bot/message/push', { to: 'U1', messages: [longData] })).status).toBe(400);
    expect((await call('POST', '/v2/bot/message/push', { to: 'U1', messages: [{ type: 'image', originalContentUrl: 'https://x/a.jpg' }] })).status).toBe(400);
    expect((await call('POST', '/v2/bot/message/push', { to: 'U1', messages: [{ type: 'photo' }] })).status).toBe(400);
    expect(state.callsOf('push')).toHaveLength(0);
  });

  it('when a body is over 2 MB, then LINE answers 413', async () => {
    const res = await call('POST', '/v2/bot/message/push', { to: 'U1', messages: [text('x'.repeat(2_200_000))] });
    expect(res).toEqual({ status: 413, json: { message: 'Request Entity Too Large' } });
  });

  it('when a push goes to a user who never followed, then LINE accepts it, and a repeat of the retry key answers 409', async () => {
    const key = '6a1e0b52-6a4e-4c58-9a39-4b5bbd0c7a10';
    await client.push('Unever-followed', [text('แจ้งผล')], key);
    expect(state.messagesTo('Unever-followed')).toEqual([text('แจ้งผล')]);
    const err = await client.push('Unever-followed', [text('แจ้งผล')], key).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LineApiError);
    expect((err as LineApiError).alreadyAccepted).toBe(true);
    expect((await call('POST', '/v2/bot/message/push', { to: 'U1', messages: [text('x')] }, { 'x-line-retry-key': 'not-a-uuid' })).status).toBe(400);
  });

  it('when the monthly quota is used up, then pushes answer 429 "monthly limit", which is not retryable; a rate limit is', async () => {
    state.monthlyQuota = 2;
    await client.multicast(['U1', 'U2'], [text('ประกาศ')], '0b1e0b52-6a4e-4c58-9a39-4b5bbd0c7a11');
    const err = (await client.push('U3', [text('x')], '1b1e0b52-6a4e-4c58-9a39-4b5bbd0c7a12').catch((e: unknown) => e)) as LineApiError;
    expect(err.status).toBe(429);
    expect(err.monthlyLimit).toBe(true);
    expect(err.retryable).toBe(false);
    expect(await call('GET', '/v2/bot/message/quota/consumption')).toEqual({ status: 200, json: { totalUsage: 2 } });
    expect(await call('GET', '/v2/bot/message/quota')).toEqual({ status: 200, json: { type: 'limited', value: 2 } });

    state.monthlyQuota = undefined;
    state.failRateLimit('push');
    const rate = (await client.push('U3', [text('x')], '2b1e0b52-6a4e-4c58-9a39-4b5bbd0c7a13').catch((e: unknown) => e)) as LineApiError;
    expect([rate.status, rate.monthlyLimit, rate.retryable]).toEqual([429, false, true]);
    state.failMonthlyLimit('push');
    const monthly = (await client.push('U3', [text('x')], '3b1e0b52-6a4e-4c58-9a39-4b5bbd0c7a14').catch((e: unknown) => e)) as LineApiError;
    expect(monthly.monthlyLimit).toBe(true);
  });

  it('when the bot downloads content the simulator uploaded, then it gets the bytes; unknown content is 404', async () => {
    const id = state.addContent(Buffer.from('jpeg-bytes'), 'image/jpeg');
    expect((await client.getMessageContent(id)).toString()).toBe('jpeg-bytes');
    expect(await statusOf(client.getMessageContent('missing'))).toBe(404);
    await expect(client.getMessageContent(id, 3)).rejects.toMatchObject({ status: 413 });
  });

  it('when the token is wrong or the endpoint unknown, then LINE answers 401 or 404, and both are recorded', async () => {
    const bad = new LineClient({ channelAccessToken: 'wrong', apiBaseUrl: base });
    expect(await statusOf(bad.getProfile('U1'))).toBe(401);
    expect((await call('GET', '/v2/bot/no/such/endpoint')).status).toBe(404);
    expect(state.calls.map((c) => [c.kind, c.status])).toEqual([
      ['profile', 401],
      ['unknown', 404],
    ]);
  });

  it('when a loading animation is asked for, then 5 to 60 seconds in steps of 5 are accepted and recorded', async () => {
    await client.showLoading('U1', 10);
    expect(await statusOf(client.showLoading('U1', 7))).toBe(400);
    expect(state.callsOf('loading').map((c) => c.body)).toEqual([{ chatId: 'U1', loadingSeconds: 10 }]);
  });
});

describe('fake LINE API: rich menus', () => {
  const menu = (over: Record<string, unknown> = {}) => ({
    size: { width: 2500, height: 843 },
    selected: true,
    name: 'citizen-main',
    chatBarText: 'เมนูบริการ',
    areas: [
      { bounds: { x: 0, y: 0, width: 1250, height: 843 }, action: { type: 'message', label: 'แจ้งเรื่อง', text: 'แจ้งเรื่อง' } },
      { bounds: { x: 1250, y: 0, width: 1250, height: 843 }, action: { type: 'richmenuswitch', richMenuAliasId: 'officer-tab', data: 'v=1&a=menus.tab' } },
    ],
    ...over,
  });
  const png = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: '#0B6E4F' } }).png().toBuffer();

  it('when a menu is created, given an image, set as default, linked and aliased, then the state shows it all and images read back', async () => {
    const id = await client.createRichMenu(menu() as never);
    const image = await png(2500, 843);
    await client.setRichMenuImage(id, image, 'image/png');
    await client.setDefaultRichMenu(id);
    await client.createRichMenuAlias('officer-tab', id);
    await client.linkRichMenu('Uofficer', id);
    expect(state.defaultRichMenuId).toBe(id);
    expect(state.menuOf('Uanyone')?.richMenuId).toBe(id);
    expect(state.aliases.get('officer-tab')).toBe(id);
    const res = await fetch(`${base}/v2/bot/richmenu/${id}/content`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(Buffer.from(await res.arrayBuffer()).equals(image)).toBe(true);
    expect((await call('GET', `/v2/bot/richmenu/${id}`)).json.chatBarText).toBe('เมนูบริการ');
    // An image cannot be replaced.
    expect(await statusOf(client.setRichMenuImage(id, image, 'image/png'))).toBe(400);
    // Deleting a menu unlinks it everywhere.
    await client.deleteRichMenu(id);
    expect([state.defaultRichMenuId, state.userMenus.get('Uofficer')]).toEqual([undefined, undefined]);
  });

  it('when a menu breaks LINE rules, then create and validate answer 400 naming each problem', async () => {
    const bad = menu({ chatBarText: 'ข้อความที่ยาวเกินสิบสี่ตัว', size: { width: 700, height: 843 }, areas: [{ bounds: { x: 0, y: 0, width: 3000, height: 10 }, action: { type: 'postback', data: 'x'.repeat(301) } }] });
    const res = await call('POST', '/v2/bot/richmenu/validate', bad);
    expect(res.status).toBe(400);
    const properties = (res.json.details as { property: string }[]).map((d) => d.property);
    expect(properties).toEqual(expect.arrayContaining(['chatBarText', 'size.width', 'areas[0].bounds', 'areas[0].action.data']));
    expect((await call('POST', '/v2/bot/richmenu', bad)).status).toBe(400);
    expect((await call('POST', '/v2/bot/richmenu/validate', menu())).status).toBe(200);
    expect(state.richMenus.size).toBe(0);
  });

  it('when an image is wrong (format, size, proportions) or missing before linking, then LINE refuses it', async () => {
    const id = await client.createRichMenu(menu() as never);
    expect(await statusOf(client.linkRichMenu('U1', id))).toBe(400);
    expect(await statusOf(client.setRichMenuImage(id, Buffer.from('not an image'), 'image/png'))).toBe(400);
    expect(await statusOf(client.setRichMenuImage(id, await png(700, 300), 'image/png'))).toBe(400);
    expect(await statusOf(client.setRichMenuImage(id, await png(2500, 1686), 'image/png'))).toBe(400);
    const noisy = await sharp({ create: { width: 2500, height: 843, channels: 3, background: '#000000', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).png().toBuffer();
    expect(noisy.length).toBeGreaterThan(1024 * 1024);
    expect(await statusOf(client.setRichMenuImage(id, noisy, 'image/png'))).toBe(413);
    await client.setRichMenuImage(id, await png(1200, 405), 'image/png');
    await client.linkRichMenu('U1', id);
    expect(state.menuOf('U1')?.richMenuId).toBe(id);
  });
});
