import path from 'node:path';
import express, { type Request, type Response, type Router } from 'express';
import sharp from 'sharp';
import { z } from 'zod';
import { DepartmentModel } from '../features/departments/department.model';
import { inviteOfficer } from '../features/officers/officers.service';
import { translator } from '../i18n';
import { AppError } from '../shared/errors';
import { clock } from '../shared/clock';
import { errorText, logger } from '../shared/logger';
import type { FakeLineState } from '../line/fake/fake-line-state';
import type { SimInput } from './line-events';
import { Simulator, type SimUser } from './simulator';
import { DEMO_POINTS, fallbackCommands, menuView } from './views';

const PUBLIC_DIR = path.join(__dirname, 'public');
/** The Thai font the page uses, served from the installed package (nothing comes from the internet). */
const FONT_DIR = path.join(path.dirname(require.resolve('font-th-sarabun-new/package.json')), 'fonts');
/** Photos arrive as base64 in JSON: 4 photos of a few MB each fit. */
const MAX_BODY = '25mb';
const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

const photo = z.object({ dataBase64: z.string().min(1), contentType: z.string().max(100).optional() });
const sendSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string().min(1).max(5000) }),
  z.object({ type: z.literal('postback'), data: z.string().min(1).max(300), displayText: z.string().max(300).optional(), params: z.record(z.string(), z.string()).optional() }),
  z.object({ type: z.literal('richmenuswitch'), richMenuAliasId: z.string().regex(/^[a-z0-9_-]{1,32}$/), data: z.string().min(1).max(300) }),
  z.object({ type: z.literal('image'), images: z.array(photo).min(1).max(5) }),
  z.object({ type: z.literal('location'), latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180), title: z.string().max(100).optional(), address: z.string().max(200).default('') }),
  z.object({ type: z.literal('sticker'), packageId: z.string().default('446'), stickerId: z.string().default('1988') }),
  z.object({ type: z.literal('follow') }),
  z.object({ type: z.literal('unfollow') }),
]);
type SendBody = z.infer<typeof sendSchema>;

const clockSchema = z.union([z.object({ at: z.iso.datetime({ offset: true }) }), z.object({ advanceMinutes: z.number().int().min(1).max(60 * 24 * 400) }), z.object({ reset: z.literal(true) })]);
const newUserSchema = z.object({ name: z.string().trim().min(1).max(40), role: z.enum(['citizen', 'officer']).default('citizen') });
const registerSchema = z.object({ departmentCode: z.string().min(1).max(40).default('public-works'), role: z.enum(['officer', 'head', 'integrity', 'admin']).default('officer') });

export interface SimulatorRouterOptions {
  state: FakeLineState;
  channelSecret: string;
  /** Where signed events go; by default the app's own /webhook on the port the request came in on. */
  webhookUrl?: string;
}

/** The app's own webhook over loopback, on the port this request arrived at. */
const ownWebhook = (req: Request) => `http://127.0.0.1:${req.socket.localPort}/webhook`;

/**
 * The LINE simulator (local mode only): a static page and its JSON API under /simulator. Every
 * action becomes a signed webhook delivery to the app; the chat is read from the fake LINE API.
 */
export function simulatorRouter(options: SimulatorRouterOptions): { router: Router; simulator: Simulator } {
  const simulator = new Simulator({ state: options.state, channelSecret: options.channelSecret });
  const { state } = options;
  const router = express.Router();
  const api = express.Router();
  api.use(express.json({ limit: MAX_BODY }));

  const userOf = (req: Request, res: Response): SimUser | undefined => {
    const user = simulator.users.get(String(req.params.id));
    if (!user) res.status(404).json({ message: 'no such simulated user' });
    return user;
  };
  const webhookOf = (req: Request) => options.webhookUrl ?? ownWebhook(req);

  api.get('/users', (_req, res) => {
    res.json({ users: [...simulator.users.values()] });
  });
  api.post('/users', (req, res) => {
    const parsed = newUserSchema.safeParse(req.body);
    if (!parsed.success) return res.status(400).json({ message: parsed.error.issues.map((i) => i.message).join('; ') });
    const user = simulator.addUser({ id: `user${simulator.users.size + 1}`, ...parsed.data });
    res.status(201).json({ user });
  });
  api.get('/users/:id/messages', (req, res) => {
    const user = userOf(req, res);
    if (!user) return;
    const after = Number(req.query.after ?? 0) || 0;
    res.json({ entries: simulator.entriesOf(user.id, after), last: simulator.lastSeq, loading: simulator.isLoading(user.id), menu: menuView(state, user.lineUserId), commands: fallbackCommands(user.role) });
  });
  api.post('/users/:id/send', async (req, res) => {
    const user = userOf(req, res);
    if (!user) return;
    const parsed = sendSchema.safeParse(req.body);
    if (!parsed.success) return res.status(400).json({ message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    let prepared: { input: SimInput; shown: Record<string, unknown>[] };
    try {
      prepared = await prepare(parsed.data, user, state);
    } catch (err) {
      return res.status(400).json({ message: err instanceof Error ? err.message : 'bad input' });
    }
    const result = await simulator.send(user, prepared.input, webhookOf(req), prepared.shown);
    res.status(result.status === 200 ? 200 : 502).json(result);
  });
  api.post('/users/:id/register-officer', async (req, res) => {
    const user = userOf(req, res);
    if (!user) return;
    const parsed = registerSchema.safeParse(req.body ?? {});
    if (!parsed.success) return res.status(400).json({ message: parsed.error.issues.map((i) => i.message).join('; ') });
    try {
      // The real invitation path: an admin's code, then the officer types it in the chat.
      const { code } = await inviteOfficer({ ...parsed.data, name: user.name }, clock.now());
      const text = `ลงทะเบียนเจ้าหน้าที่ ${code}`;
      const result = await simulator.send(user, { type: 'text', text }, webhookOf(req), [{ type: 'text', text }]);
      res.json({ code, ...result });
    } catch (err) {
      if (err instanceof AppError) return res.status(400).json({ message: translator('th')(err.messageKey, err.params) });
      logger.error({ err: errorText(err) }, 'simulator: officer registration failed');
      res.status(500).json({ message: 'registration failed' });
    }
  });
  // Time travel for trying deadlines, reminders and opening hours: moves the app's clock (it keeps running).
  api.get('/clock', (_req, res) => {
    res.json({ now: clock.now().toISOString(), offsetMinutes: Math.round((clock.nowMs() - Date.now()) / 60_000) });
  });
  api.post('/clock', (req, res) => {
    const parsed = clockSchema.safeParse(req.body);
    if (!parsed.success) return res.status(400).json({ message: 'send {at: ISO date-time}, {advanceMinutes: n} or {reset: true}' });
    const body = parsed.data;
    if ('reset' in body) clock.reset();
    else if ('advanceMinutes' in body) clock.advance(body.advanceMinutes * 60_000);
    else {
      clock.reset();
      clock.advance(new Date(body.at).getTime() - Date.now());
    }
    logger.info({ offsetMinutes: Math.round((clock.nowMs() - Date.now()) / 60_000) }, 'simulator: clock moved');
    res.json({ now: clock.now().toISOString() });
  });
  api.get('/departments', async (_req, res) => {
    const departments = await DepartmentModel.find({ active: true }).sort({ sortOrder: 1, code: 1 }).lean();
    res.json({ departments: departments.map((d) => ({ code: d.code, name: d.name.th })) });
  });
  api.get('/demo-points', (_req, res) => {
    res.json({ points: DEMO_POINTS });
  });
  api.get('/richmenus/:richMenuId/image', (req, res) => {
    const image = state.richMenus.get(String(req.params.richMenuId))?.image;
    if (!image) return res.status(404).json({ message: 'no image' });
    res.type(image.contentType).set('cache-control', 'max-age=3600').send(image.data);
  });
  api.get('/content/:messageId', (req, res) => {
    const content = state.content.get(String(req.params.messageId));
    if (!content) return res.status(404).json({ message: 'no content' });
    res.type(content.contentType).send(content.data);
  });

  router.use('/simulator/api', api);
  router.use('/simulator/fonts', express.static(FONT_DIR, { maxAge: '1d' }));
  router.use('/simulator', express.static(PUBLIC_DIR, { index: 'index.html' }));
  return { router, simulator };
}

/** Turns the page's request into a LINE input, plus what the user's side of the chat shows. */
async function prepare(body: SendBody, user: SimUser, state: FakeLineState): Promise<{ input: SimInput; shown: Record<string, unknown>[] }> {
  switch (body.type) {
    case 'text':
      return { input: body, shown: [{ type: 'text', text: body.text }] };
    case 'postback':
      // LINE shows a postback's displayText as if the user typed it; without one, nothing shows.
      return { input: body, shown: body.displayText ? [{ type: 'text', text: body.displayText }] : [] };
    case 'richmenuswitch': {
      // LINE switches the user's menu to the alias's menu, then sends the postback with params.
      const target = state.aliases.get(body.richMenuAliasId);
      if (target) state.userMenus.set(user.lineUserId, target);
      return { input: { type: 'postback', data: body.data, params: { newRichMenuAliasId: body.richMenuAliasId, status: target ? 'SUCCESS' : 'RICHMENU_ALIAS_ID_NOTFOUND' } }, shown: [] };
    }
    case 'image': {
      const ids: string[] = [];
      for (const image of body.images) {
        const raw = Buffer.from(image.dataBase64, 'base64');
        if (raw.length > MAX_PHOTO_BYTES) throw new Error('photo over 10 MB');
        // LINE delivers photos as JPEG; converting also proves the file is an image.
        const jpeg = await sharp(raw).rotate().jpeg({ quality: 85 }).toBuffer().catch(() => {
          throw new Error('not an image');
        });
        ids.push(state.addContent(jpeg, 'image/jpeg'));
      }
      return { input: { type: 'image', messageIds: ids }, shown: ids.map((id) => ({ type: 'image', contentId: id })) };
    }
    case 'location':
      return { input: body, shown: [{ type: 'location', title: body.title, address: body.address, latitude: body.latitude, longitude: body.longitude }] };
    case 'sticker':
      return { input: body, shown: [{ type: 'sticker', packageId: body.packageId, stickerId: body.stickerId }] };
    case 'follow':
    case 'unfollow':
      return { input: body, shown: [{ type: 'system', text: body.type }] };
  }
}
