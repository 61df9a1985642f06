import { randomUUID } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { findLimitProblems } from '../limits';
import { FakeLineState } from './fake-line-state';

export interface FakeLineOptions {
  /** The bearer token calls must carry (LINE answers 401 otherwise). */
  channelAccessToken: string;
  state?: FakeLineState;
}

type Handler = (req: Request, res: Response) => unknown;

/**
 * A fake of LINE's Messaging API (api.line.me and api-data.line.me on one router): records every
 * call, keeps rich menus and links, serves uploaded content, and answers like LINE, errors
 * included. It enforces LINE's limits, so a message LINE would refuse fails loudly here too.
 */
export function createFakeLineApi(options: FakeLineOptions): { router: Router; state: FakeLineState } {
  const state = options.state ?? new FakeLineState();
  const router = express.Router();
  router.use(express.json({ limit: '2mb' }));
  router.use(express.raw({ type: ['image/*'], limit: '2mb' }));

  const route = (method: 'get' | 'post' | 'put' | 'delete', path: string, kind: string, handler: Handler) => {
    router[method](path, (req, res) => {
      const auth = req.get('authorization');
      const finish = (status: number) =>
        state.record({ method: req.method, path: req.path, kind, retryKey: req.get('x-line-retry-key') ?? undefined, body: req.body, at: Date.now(), status });
      if (auth !== `Bearer ${options.channelAccessToken}`) {
        finish(401);
        res.status(401).json({ message: 'Authentication failed. Confirm that the access token in the authorization header is valid.' });
        return;
      }
      const failure = state.takeFailure(kind);
      if (failure) {
        finish(failure.status);
        res.status(failure.status).set('x-line-request-id', randomUUID()).json(failure.body);
        return;
      }
      res.set('x-line-request-id', randomUUID());
      const result = handler(req, res);
      finish(res.statusCode);
      return result;
    });
  };

  const checkMessages = (req: Request, res: Response): boolean => {
    const messages = (req.body as { messages?: unknown }).messages;
    const problems = Array.isArray(messages) ? findLimitProblems(messages) : ['messages must be an array'];
    if (problems.length === 0) return true;
    res.status(400).json({ message: 'The request body has 1 error(s)', details: problems.map((p) => ({ message: p, property: 'messages' })) });
    return false;
  };

  const retryKeyConflict = (req: Request, res: Response): boolean => {
    const key = req.get('x-line-retry-key');
    if (!key) return false;
    if (state.acceptedRetryKeys.has(key)) {
      res.status(409).json({ message: 'The retry key is already accepted' });
      return true;
    }
    return false;
  };

  route('post', '/v2/bot/message/reply', 'reply', (req, res) => {
    const token = String((req.body as { replyToken?: unknown }).replyToken ?? '');
    if (state.expiredReplyTokens.has(token) || state.usedReplyTokens.has(token)) return res.status(400).json({ message: 'Invalid reply token' });
    if (!checkMessages(req, res)) return;
    state.usedReplyTokens.add(token);
    res.json({ sentMessages: [] });
  });
  for (const [path, kind] of [['/v2/bot/message/push', 'push'], ['/v2/bot/message/multicast', 'multicast']] as const) {
    route('post', path, kind, (req, res) => {
      if (retryKeyConflict(req, res) || !checkMessages(req, res)) return;
      const key = req.get('x-line-retry-key');
      if (key) state.acceptedRetryKeys.add(key);
      res.json(kind === 'push' ? { sentMessages: [] } : {});
    });
  }
  route('get', '/v2/bot/profile/:userId', 'profile', (req, res) => {
    const profile = state.profiles.get(String(req.params.userId)) ?? { displayName: 'ผู้ใช้ LINE', language: 'th' };
    res.json({ userId: req.params.userId, ...profile });
  });
  route('get', '/v2/bot/info', 'botInfo', (_req, res) => {
    res.json({ userId: 'Ufakebot', basicId: '@bansukjai', displayName: 'เทศบาลตำบลบ้านสุขใจ', chatMode: 'bot', markAsReadMode: 'auto' });
  });
  route('post', '/v2/bot/chat/loading/start', 'loading', (req, res) => {
    const seconds = Number((req.body as { loadingSeconds?: unknown }).loadingSeconds ?? 20);
    if (!Number.isInteger(seconds) || seconds < 5 || seconds > 60 || seconds % 5 !== 0) return res.status(400).json({ message: 'loadingSeconds must be 5 to 60 in steps of 5' });
    res.status(202).json({});
  });
  route('get', '/v2/bot/message/:messageId/content', 'content', (req, res) => {
    const content = state.content.get(String(req.params.messageId));
    if (!content) return res.status(404).json({ message: 'Not found' });
    res.type(content.contentType).send(content.data);
  });
  mountRichMenuRoutes(route, state);
  return { router, state };
}

function mountRichMenuRoutes(route: (m: 'get' | 'post' | 'put' | 'delete', p: string, k: string, h: Handler) => void, state: FakeLineState): void {
  route('post', '/v2/bot/richmenu/validate', 'richmenu.validate', (_req, res) => res.json({}));
  route('post', '/v2/bot/richmenu', 'richmenu.create', (req, res) => {
    const richMenuId = `richmenu-${randomUUID().replace(/-/g, '')}`;
    state.richMenus.set(richMenuId, { richMenuId, menu: req.body as Record<string, unknown> });
    res.json({ richMenuId });
  });
  route('get', '/v2/bot/richmenu/list', 'richmenu.list', (_req, res) => {
    res.json({ richmenus: [...state.richMenus.values()].map((m) => ({ richMenuId: m.richMenuId, ...m.menu })) });
  });
  route('delete', '/v2/bot/richmenu/:id', 'richmenu.delete', (req, res) => {
    if (!state.richMenus.delete(String(req.params.id))) return res.status(404).json({ message: 'Not found' });
    res.json({});
  });
  route('post', '/v2/bot/richmenu/:id/content', 'richmenu.image', (req, res) => {
    const menu = state.richMenus.get(String(req.params.id));
    if (!menu) return res.status(404).json({ message: 'Not found' });
    if (menu.image) return res.status(400).json({ message: 'An image has already been uploaded to the richmenu' });
    menu.image = { contentType: req.get('content-type') ?? 'image/png', data: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0) };
    res.json({});
  });
  route('get', '/v2/bot/richmenu/:id/content', 'richmenu.getImage', (req, res) => {
    const menu = state.richMenus.get(String(req.params.id));
    if (!menu?.image) return res.status(404).json({ message: 'Not found' });
    res.type(menu.image.contentType).send(menu.image.data);
  });
  route('post', '/v2/bot/user/all/richmenu/:id', 'richmenu.setDefault', (req, res) => {
    if (!state.richMenus.has(String(req.params.id))) return res.status(400).json({ message: 'richmenu not found' });
    state.defaultRichMenuId = String(req.params.id);
    res.json({});
  });
  route('post', '/v2/bot/user/:userId/richmenu/:id', 'richmenu.link', (req, res) => {
    if (!state.richMenus.has(String(req.params.id))) return res.status(400).json({ message: 'richmenu not found' });
    state.userMenus.set(String(req.params.userId), String(req.params.id));
    res.json({});
  });
  route('delete', '/v2/bot/user/:userId/richmenu', 'richmenu.unlink', (req, res) => {
    state.userMenus.delete(String(req.params.userId));
    res.json({});
  });
  route('post', '/v2/bot/richmenu/bulk/link', 'richmenu.bulkLink', (req, res) => {
    const { richMenuId, userIds } = req.body as { richMenuId: string; userIds: string[] };
    if (!state.richMenus.has(richMenuId)) return res.status(400).json({ message: 'richmenu not found' });
    if (!Array.isArray(userIds) || userIds.length > 500) return res.status(400).json({ message: 'userIds must be 1 to 500 ids' });
    for (const id of userIds) state.userMenus.set(id, richMenuId);
    res.status(202).json({});
  });
  route('get', '/v2/bot/user/:userId/richmenu', 'richmenu.ofUser', (req, res) => {
    const id = state.userMenus.get(String(req.params.userId)) ?? state.defaultRichMenuId;
    if (!id) return res.status(404).json({ message: 'the user has no richmenu' });
    res.json({ richMenuId: id });
  });
  route('post', '/v2/bot/richmenu/alias', 'richmenu.aliasCreate', (req, res) => {
    const { richMenuAliasId, richMenuId } = req.body as { richMenuAliasId: string; richMenuId: string };
    if (!/^[a-z0-9_-]{1,32}$/.test(richMenuAliasId ?? '')) return res.status(400).json({ message: 'invalid richMenuAliasId' });
    if (state.aliases.has(richMenuAliasId)) return res.status(400).json({ message: 'conflict richmenu alias id' });
    if (!state.richMenus.has(richMenuId)) return res.status(400).json({ message: 'richmenu not found' });
    state.aliases.set(richMenuAliasId, richMenuId);
    res.json({});
  });
  route('post', '/v2/bot/richmenu/alias/:aliasId', 'richmenu.aliasUpdate', (req, res) => {
    const aliasId = String(req.params.aliasId);
    const { richMenuId } = req.body as { richMenuId: string };
    if (!state.aliases.has(aliasId)) return res.status(404).json({ message: 'richmenu alias not found' });
    if (!state.richMenus.has(richMenuId)) return res.status(400).json({ message: 'richmenu not found' });
    state.aliases.set(aliasId, richMenuId);
    res.json({});
  });
  route('get', '/v2/bot/richmenu/alias/list', 'richmenu.aliasList', (_req, res) => {
    res.json({ aliases: [...state.aliases.entries()].map(([richMenuAliasId, richMenuId]) => ({ richMenuAliasId, richMenuId })) });
  });
  route('get', '/v2/bot/richmenu/alias/:aliasId', 'richmenu.aliasGet', (req, res) => {
    const richMenuId = state.aliases.get(String(req.params.aliasId));
    if (!richMenuId) return res.status(404).json({ message: 'richmenu alias not found' });
    res.json({ richMenuAliasId: req.params.aliasId, richMenuId });
  });
  route('delete', '/v2/bot/richmenu/alias/:aliasId', 'richmenu.aliasDelete', (req, res) => {
    if (!state.aliases.delete(String(req.params.aliasId))) return res.status(404).json({ message: 'richmenu alias not found' });
    res.json({});
  });
}
