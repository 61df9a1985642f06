import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac } from 'node:crypto';
import express from 'express';
import sharp from 'sharp';
import { helpFeature } from '../../../src/features/help/help.handlers';
import { usersFeature } from '../../../src/features/users/users.handlers';
import { LineUserModel } from '../../../src/features/users/user.model';
import { LONG_RUNNING_RETENTION } from '../../../src/line/fake/fake-line-state';
import { lineClient } from '../../../src/line/line-client';
import { simulatorRouter } from '../../../src/simulator/simulator.routes';
import { lineUserIdOf } from '../../../src/simulator/simulator';
import { useTestDatabase } from '../../support/db';
import { startTestBot, type TestBot } from '../../support/bot';
import { TEST_CHANNEL_SECRET } from '../../support/webhook';
import { serveSimulator, type ServedSimulator } from './helpers';

useTestDatabase();

let bot: TestBot;
let served: ServedSimulator;
let base: string;
let capture: Awaited<ReturnType<typeof captureServer>>;

beforeAll(async () => {
  bot = await startTestBot({ features: [usersFeature, helpFeature] });
  served = await serveSimulator(bot);
  base = served.url;
  capture = await captureServer();
});

/** A stand-in webhook that records exactly what arrives, to check events are signed and shaped as LINE's. */
async function captureServer() {
  const received: { signature: string; body: string }[] = [];
  const app = express();
  app.post('/webhook', express.text({ type: () => true }), (req, res) => {
    received.push({ signature: req.get('x-line-signature') ?? '', body: String(req.body) });
    res.json({});
  });
  const s = http.createServer(app);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const sim = simulatorRouter({ state: bot.line, channelSecret: TEST_CHANNEL_SECRET, webhookUrl: `http://127.0.0.1:${(s.address() as AddressInfo).port}/webhook` });
  app.use(sim.router);
  return { server: s, received, url: `http://127.0.0.1:${(s.address() as AddressInfo).port}/simulator`, simulator: sim.simulator };
}
afterAll(async () => {
  capture.server.closeAllConnections();
  await new Promise((r) => capture.server.close(r));
  await served.close();
  await bot.close();
});

interface Entry {
  seq: number;
  from: 'user' | 'bot';
  via?: string;
  message: Record<string, unknown>;
}
interface Messages {
  entries: Entry[];
  last: number;
  loading: boolean;
  menu: { richMenuId: string; areas: unknown[]; imageUrl?: string } | null;
  commands: string[];
}

const send = (user: string, body: unknown) => fetch(`${base}/api/users/${user}/send`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const messages = async (user: string, after = 0) => (await (await fetch(`${base}/api/users/${user}/messages?after=${after}`)).json()) as Messages;

describe('simulator API', () => {
  it('when the page is asked for, then the static page and its scripts are served', async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('LINE simulator');
    expect((await fetch(`${base}/simulator.js`)).status).toBe(200);
    expect((await fetch(`${base}/flex.js`)).status).toBe(200);
  });

  it('when the simulator runs, then its fake LINE is as strict as LINE (only issued reply tokens) and keeps a bounded history', async () => {
    expect(bot.line.retention).toEqual(LONG_RUNNING_RETENTION);
    const forged = await lineClient().reply('a-token-nobody-issued', [{ type: 'text', text: 'x' }]).catch((e: unknown) => e);
    expect(forged).toMatchObject({ status: 400, invalidReplyToken: true });
  });

  it('when a simulated citizen follows, then a signed follow event reaches the bot and the welcome appears in that user\'s chat only', async () => {
    const res = await send('citizen1', { type: 'follow' });
    expect(res.status).toBe(200);
    const { webhookEventIds } = (await res.json()) as { webhookEventIds: string[] };
    expect(webhookEventIds[0]).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    await bot.drain();
    const chat = await messages('citizen1');
    const bot1 = chat.entries.filter((e) => e.from === 'bot');
    expect(bot1).toHaveLength(1);
    expect(bot1[0]).toMatchObject({ via: 'reply', message: { type: 'flex', altText: 'ยินดีต้อนรับสู่บริการออนไลน์ของเทศบาล' } });
    expect((await messages('citizen2')).entries).toEqual([]);
    const user = await LineUserModel.findOne({ userId: lineUserIdOf('citizen1') }).lean();
    expect(user?.followedAt).toBeInstanceOf(Date);
  });

  it('when a citizen types a command, then the text shows on the user side and the bot reply with its quick replies follows', async () => {
    const before = (await messages('citizen2')).last;
    expect((await send('citizen2', { type: 'text', text: 'ภาษา' })).status).toBe(200);
    await bot.drain();
    const chat = await messages('citizen2', before);
    expect(chat.entries.map((e) => [e.from, e.message.type === 'text' ? e.message.text : e.message.type])).toEqual([
      ['user', 'ภาษา'],
      ['bot', 'กรุณาเลือกภาษาที่ต้องการ'],
    ]);
    const items = (chat.entries[1].message.quickReply as { items: { action: { label: string; data: string } }[] }).items;
    expect(items.map((i) => i.action.label)).toEqual(['ไทย', 'English', 'မြန်မာ']);

    // Tapping "English" sends its postback; the displayText shows as the user's message.
    const english = items[1].action;
    expect((await send('citizen2', { type: 'postback', data: english.data, displayText: 'English' })).status).toBe(200);
    await bot.drain();
    const after = await messages('citizen2', chat.last);
    expect(after.entries.map((e) => [e.from, e.message.text])).toEqual([
      ['user', 'English'],
      ['bot', 'Language changed to English.'],
    ]);
  });

  it('when a photo is sent, then LINE content is stored as JPEG and the bot gets an image event it can download', async () => {
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#ff0000' } }).png().toBuffer();
    bot.clearCalls();
    const res = await send('citizen1', { type: 'image', images: [{ dataBase64: png.toString('base64'), contentType: 'image/png' }, { dataBase64: png.toString('base64') }] });
    expect(res.status).toBe(200);
    await bot.drain();
    const shown = (await messages('citizen1')).entries.filter((e) => e.from === 'user' && e.message.type === 'image');
    expect(shown).toHaveLength(2);
    const contentId = String(shown[1].message.contentId);
    // The bot downloads it from the fake LINE API exactly as from LINE's content endpoint.
    const downloaded = await lineClient().getMessageContent(contentId);
    expect((await sharp(downloaded).metadata()).format).toBe('jpeg');
    const served = await fetch(`${base}/api/content/${contentId}`);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
  });

  it('when the bot shows the loading animation, then the chat shows it until the next bot message', async () => {
    await lineClient().showLoading(lineUserIdOf('citizen2'), 10);
    expect((await messages('citizen2')).loading).toBe(true);
    expect((await messages('citizen1')).loading).toBe(false);
    await lineClient().push(lineUserIdOf('citizen2'), [{ type: 'text', text: 'เสร็จแล้ว' }], '7c1e0b52-6a4e-4c58-9a39-4b5bbd0c7a19');
    const chat = await messages('citizen2');
    expect(chat.loading).toBe(false);
    expect(chat.entries.at(-1)).toMatchObject({ from: 'bot', via: 'push', message: { text: 'เสร็จแล้ว' } });
  });

  it('when bad input is sent, then the API answers 400 or 404 and nothing reaches the bot', async () => {
    bot.clearCalls();
    expect((await send('citizen1', { type: 'text', text: '' })).status).toBe(400);
    expect((await send('citizen1', { type: 'teleport' })).status).toBe(400);
    expect((await send('citizen1', { type: 'image', images: [{ dataBase64: Buffer.from('not an image').toString('base64') }] })).status).toBe(400);
    expect((await send('nobody', { type: 'text', text: 'x' })).status).toBe(404);
    await bot.drain();
    expect(bot.line.calls).toEqual([]);
  });

  it('when no rich menu is deployed, then the main command words are offered instead; when one is linked, its areas are', async () => {
    expect((await messages('citizen1')).menu).toBeNull();
    expect((await messages('citizen1')).commands).toEqual(expect.arrayContaining(['แจ้งเรื่อง', 'ติดตามเรื่อง', 'รับบัตรคิว', 'ช่วยเหลือ']));
    const png = await sharp({ create: { width: 2500, height: 843, channels: 3, background: '#0B6E4F' } }).png().toBuffer();
    bot.line.richMenus.set('rm-main', {
      richMenuId: 'rm-main',
      menu: { size: { width: 2500, height: 843 }, selected: true, name: 'main', chatBarText: 'เมนู', areas: [{ bounds: { x: 0, y: 0, width: 2500, height: 843 }, action: { type: 'richmenuswitch', richMenuAliasId: 'tab-b', data: 'v=1&a=menus.tab' } }] },
      image: { contentType: 'image/png', data: png },
    });
    bot.line.richMenus.set('rm-b', { richMenuId: 'rm-b', menu: { size: { width: 2500, height: 843 }, selected: true, name: 'b', chatBarText: 'B', areas: [] }, image: { contentType: 'image/png', data: png } });
    bot.line.aliases.set('tab-b', 'rm-b');
    bot.line.defaultRichMenuId = 'rm-main';
    const shown = await messages('citizen1');
    expect(shown.menu).toMatchObject({ richMenuId: 'rm-main', imageUrl: '/simulator/api/richmenus/rm-main/image' });
    expect((await fetch(`${base}/api/richmenus/rm-main/image`)).headers.get('content-type')).toBe('image/png');

    // A tab switch: the menu changes for this user only, as LINE does on the phone.
    expect((await send('citizen1', { type: 'richmenuswitch', richMenuAliasId: 'tab-b', data: 'v=1&a=menus.tab' })).status).toBe(200);
    await bot.drain();
    expect((await messages('citizen1')).menu?.richMenuId).toBe('rm-b');
    expect((await messages('citizen2')).menu?.richMenuId).toBe('rm-main');
  });

  it('when events are sent, then each is signed with the channel secret and shaped as LINE sends it', async () => {
    const post = (body: unknown) => fetch(`${capture.url}/api/users/officer/send`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    bot.line.aliases.set('tab-x', 'rm-x');
    await post({ type: 'richmenuswitch', richMenuAliasId: 'tab-x', data: 'v=1&a=menus.tab' });
    await post({ type: 'location', latitude: 13.75, longitude: 100.5, title: 'ตลาด', address: 'ถนนตลาดใหม่' });
    await post({ type: 'postback', data: 'v=1&a=queue.date', params: { date: '2026-11-23' } });
    await post({ type: 'unfollow' });
    expect(capture.received).toHaveLength(4);
    for (const r of capture.received) expect(r.signature).toBe(createHmac('sha256', TEST_CHANNEL_SECRET).update(r.body).digest('base64'));
    const events = capture.received.map((r) => (JSON.parse(r.body) as { events: Record<string, unknown>[] }).events[0]);
    const officerId = lineUserIdOf('officer');
    expect(events[0]).toMatchObject({ type: 'postback', mode: 'active', source: { type: 'user', userId: officerId }, deliveryContext: { isRedelivery: false }, postback: { data: 'v=1&a=menus.tab', params: { newRichMenuAliasId: 'tab-x', status: 'SUCCESS' } } });
    expect(events[1]).toMatchObject({ type: 'message', message: { type: 'location', latitude: 13.75, longitude: 100.5, title: 'ตลาด', address: 'ถนนตลาดใหม่' } });
    expect(events[2]).toMatchObject({ postback: { params: { date: '2026-11-23' } } });
    expect(events[3]).toMatchObject({ type: 'unfollow' });
    expect(events[3]).not.toHaveProperty('replyToken');
    expect(typeof events[0].replyToken).toBe('string');
    expect(bot.line.issuedReplyTokens.get(String(events[0].replyToken))?.chatId).toBe(officerId);
    capture.simulator.close();
  });
});
