import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import sharp from 'sharp';
import { createFakeLineApi } from '../../../src/line/fake/fake-line-api';
import { KEEP_EVERYTHING, type FakeLineState } from '../../../src/line/fake/fake-line-state';
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
  state.strict = false;
  state.retention = KEEP_EVERYTHING;
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

  it('when an image, video, flex or quick reply links media over http, then LINE refuses it; https and the simulator on loopback pass', async () => {
    const image = (url: string) => ({ type: 'image', originalContentUrl: url, previewImageUrl: url });
    const hero = (url: string) => ({ type: 'flex', altText: 'x', contents: { type: 'bubble', hero: { type: 'image', url }, body: { type: 'box', layout: 'vertical', contents: [{ type: 'icon', url: 'https://oa.example.go.th/i.png' }] } } });
    const icon = (url: string) => ({ type: 'text', text: 'x', quickReply: { items: [{ type: 'action', imageUrl: url, action: { type: 'message', label: 'ok', text: 'ok' } }] } });
    const push = (message: unknown) => call('POST', '/v2/bot/message/push', { to: 'U1', messages: [message] });
    const refused = await push(image('http://oa.example.go.th/p.jpg'));
    expect(refused.status).toBe(400);
    expect(refused.json.details).toEqual([
      { message: 'messages[0].originalContentUrl: must be an https URL', property: 'messages' },
      { message: 'messages[0].previewImageUrl: must be an https URL', property: 'messages' },
    ]);
    expect((await push(hero('http://oa.example.go.th/h.png'))).json.details).toEqual([{ message: 'messages[0].contents.hero.url: must be an https URL', property: 'messages' }]);
    expect((await push(icon('http://oa.example.go.th/i.png'))).status).toBe(400);
    expect((await push({ type: 'video', originalContentUrl: 'https://x/v.mp4', previewImageUrl: 'ftp://x/v.jpg' })).status).toBe(400);
    for (const ok of [image('https://oa.example.go.th/p.jpg'), image('http://localhost:3000/photos/p.jpg'), image('http://127.0.0.1:3000/p.jpg'), hero('https://oa.example.go.th/h.png'), icon('https://oa.example.go.th/i.png')]) {
      expect((await push(ok)).status).toBe(200);
    }
  });

  it('when the fake is strict, then a reply token it never issued is refused as LINE does; otherwise it is taken', async () => {
    expect((await call('POST', '/v2/bot/message/reply', { replyToken: 'made-up-token', messages: [text('x')] })).status).toBe(200);
    state.strict = true;
    expect(await call('POST', '/v2/bot/message/reply', { replyToken: 'made-up-token-2', messages: [text('x')] })).toEqual({ status: 400, json: { message: 'Invalid reply token' } });
    const issued = state.issueReplyToken('U1');
    expect((await call('POST', '/v2/bot/message/reply', { replyToken: issued, messages: [text('x')] })).status).toBe(200);
  });

  it('when a push or multicast names a malformed recipient, then LINE refuses it; strictly, only ids of LINE’s exact shape pass', async () => {
    const invalid = { status: 400, json: { message: "The property, 'to', in the request body is invalid (line: -, column: -)" } };
    for (const to of ['', 'somchai@example.com', 'U 1', 'X123', 42, ['U1']]) expect(await call('POST', '/v2/bot/message/push', { to, messages: [text('x')] })).toEqual(invalid);
    expect(await call('POST', '/v2/bot/message/multicast', { to: ['U1', 'C0123456789abcdef0123456789abcdef'], messages: [text('x')] })).toEqual(invalid);
    expect((await call('POST', '/v2/bot/message/push', { to: 'U_citizen_1', messages: [text('x')] })).status).toBe(200);
    state.strict = true;
    expect(await call('POST', '/v2/bot/message/push', { to: 'U_citizen_1', messages: [text('x')] })).toEqual(invalid);
    expect((await call('POST', '/v2/bot/message/push', { to: `U${'a1'.repeat(16)}`, messages: [text('x')] })).status).toBe(200);
    expect((await call('POST', '/v2/bot/message/push', { to: `C${'0f'.repeat(16)}`, messages: [text('x')] })).status).toBe(200);
  });

  it('when the fake keeps a recent history, then calls, reply tokens, retry keys and content stay within their bounds, oldest out first', async () => {
    state.keepRecent({ calls: 3, contentBytes: 10, replyTokens: 2, retryKeys: 2 });
    const tokens = [1, 2, 3].map((i) => state.issueReplyToken('U1', `token-${i}`));
    expect([...state.issuedReplyTokens.keys()]).toEqual(['token-2', 'token-3']);
    for (const token of tokens.slice(1)) await client.reply(token, [text('x')]);
    const keys = ['0b1e0b52-6a4e-4c58-9a39-4b5bbd0c7a21', '0b1e0b52-6a4e-4c58-9a39-4b5bbd0c7a22', '0b1e0b52-6a4e-4c58-9a39-4b5bbd0c7a23'];
    for (const key of keys) await client.push('U1', [text('x')], key);
    expect([...state.acceptedRetryKeys]).toEqual(keys.slice(1));
    expect(state.calls.map((c) => c.kind)).toEqual(['push', 'push', 'push']);
    const first = state.addContent(Buffer.from('123456'), 'image/jpeg');
    const second = state.addContent(Buffer.from('7890ab'), 'image/jpeg');
    expect([...state.content.keys()]).toEqual([second]);
    expect(state.content.has(first)).toBe(false);
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

  it('when an area carries a camera, camera roll or location action, then LINE refuses it: those exist only as quick replies', async () => {
    for (const type of ['camera', 'cameraRoll', 'location']) {
      const res = await call('POST', '/v2/bot/richmenu', menu({ areas: [{ bounds: { x: 0, y: 0, width: 1250, height: 843 }, action: { type, label: 'x' } }] }));
      expect(res.json.details).toEqual([{ message: `${type} is only for quick replies, not rich menus`, property: 'areas[0].action.type' }]);
    }
    expect(state.richMenus.size).toBe(0);
  });

  it('when a date-time picker area has a wrong mode, format, range or order, then LINE refuses it naming the field', async () => {
    const picker = (fields: Record<string, unknown>) => menu({ areas: [{ bounds: { x: 0, y: 0, width: 1250, height: 843 }, action: { type: 'datetimepicker', data: 'v=1&a=x', mode: 'date', ...fields } }] });
    const problems = async (fields: Record<string, unknown>) => ((await call('POST', '/v2/bot/richmenu/validate', picker(fields))).json.details as { property: string }[] | undefined)?.map((d) => d.property) ?? [];
    expect(await problems({ mode: 'week' })).toEqual(['areas[0].action.mode']);
    expect(await problems({ initial: '2026-13-01' })).toEqual(['areas[0].action.initial']);
    expect(await problems({ max: '2101-01-01' })).toEqual(['areas[0].action.max']);
    expect(await problems({ min: '2026-12-01', max: '2026-11-01' })).toEqual(['areas[0].action.max']);
    expect(await problems({ min: '2026-11-01', max: '2026-12-01', initial: '2027-01-01' })).toEqual(['areas[0].action.initial']);
    expect(await problems({ mode: 'time', initial: '24:00' })).toEqual(['areas[0].action.initial']);
    expect(await problems({ data: '' })).toEqual(['areas[0].action.data']);
    expect(await problems({ min: '2026-11-01', max: '2026-12-01', initial: '2026-11-21' })).toEqual([]);
    expect(await problems({ mode: 'datetime', initial: '2026-11-21t13:30', max: '2026-12-01T00:00' })).toEqual([]);
  });

  it('when 100 rich menus were created (or deleted) in the last hour, then the next creation (or deletion) answers 429 and changes nothing', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 100; i += 1) ids.push(await client.createRichMenu(menu() as never));
    const refused = await call('POST', '/v2/bot/richmenu', menu());
    expect(refused).toEqual({ status: 429, json: { message: 'The API rate limit has been exceeded. Try again later.' } });
    expect(state.richMenus.size).toBe(100);
    for (const id of ids) await client.deleteRichMenu(id);
    state.richMenus.set('richmenu-extra', { richMenuId: 'richmenu-extra', menu: menu() });
    expect((await call('DELETE', '/v2/bot/richmenu/richmenu-extra')).status).toBe(429);
    expect(state.richMenus.has('richmenu-extra')).toBe(true);
    // An hour later both limits have room again.
    state.richMenuChanges = { create: state.richMenuChanges.create.map((t) => t - 3_600_001), delete: state.richMenuChanges.delete.map((t) => t - 3_600_001) };
    expect((await call('DELETE', '/v2/bot/richmenu/richmenu-extra')).status).toBe(200);
    expect((await call('POST', '/v2/bot/richmenu', menu())).status).toBe(200);
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
