import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import sharp from 'sharp';
import { LINE_ERROR_MESSAGES, type FakeLineState } from './fake-line-state';
import { findRichMenuProblems, RICH_MENU_LIMITS } from './fake-rich-menu-checks';

type Handler = (req: Request, res: Response) => unknown;
export type RouteFn = (method: 'get' | 'post' | 'put' | 'delete', path: string, kind: string, handler: Handler) => void;

const validationError = (res: Response, problems: string[]) =>
  res.status(400).json({ message: `The request body has ${problems.length} error(s)`, details: problems.map((p) => ({ message: p.split(': ').slice(1).join(': '), property: p.split(':')[0] })) });

const notFound = (res: Response, what = 'Not found') => res.status(404).json({ message: what });

/** Rich menus, images, defaults, per-user links and aliases, answered and checked like LINE. */
export function mountRichMenuRoutes(route: RouteFn, state: FakeLineState): void {
  route('post', '/v2/bot/richmenu/validate', 'richmenu.validate', (req, res) => {
    const problems = findRichMenuProblems(req.body);
    if (problems.length > 0) return validationError(res, problems);
    res.json({});
  });
  route('post', '/v2/bot/richmenu', 'richmenu.create', (req, res) => {
    const problems = findRichMenuProblems(req.body);
    if (problems.length > 0) return validationError(res, problems);
    if (state.richMenus.size >= RICH_MENU_LIMITS.menusPerChannel) return res.status(400).json({ message: 'Exceeded the maximum number of rich menus' });
    if (!state.takeRichMenuChange('create')) return res.status(429).json({ message: LINE_ERROR_MESSAGES.rateLimit });
    const richMenuId = `richmenu-${randomUUID().replace(/-/g, '')}`;
    state.richMenus.set(richMenuId, { richMenuId, menu: req.body as Record<string, unknown> });
    res.json({ richMenuId });
  });
  route('get', '/v2/bot/richmenu/list', 'richmenu.list', (_req, res) => {
    res.json({ richmenus: [...state.richMenus.values()].map((m) => ({ richMenuId: m.richMenuId, ...m.menu })) });
  });
  route('get', '/v2/bot/richmenu/alias/list', 'richmenu.aliasList', (_req, res) => {
    res.json({ aliases: [...state.aliases.entries()].map(([richMenuAliasId, richMenuId]) => ({ richMenuAliasId, richMenuId })) });
  });
  route('get', '/v2/bot/richmenu/:id', 'richmenu.get', (req, res) => {
    const menu = state.richMenus.get(String(req.params.id));
    if (!menu) return notFound(res, 'richmenu not found');
    res.json({ richMenuId: menu.richMenuId, ...menu.menu });
  });
  route('delete', '/v2/bot/richmenu/:id', 'richmenu.delete', (req, res) => {
    const id = String(req.params.id);
    if (!state.richMenus.has(id)) return notFound(res);
    if (!state.takeRichMenuChange('delete')) return res.status(429).json({ message: LINE_ERROR_MESSAGES.rateLimit });
    state.richMenus.delete(id);
    // LINE unlinks a deleted menu everywhere.
    if (state.defaultRichMenuId === id) state.defaultRichMenuId = undefined;
    for (const [user, menuId] of state.userMenus) if (menuId === id) state.userMenus.delete(user);
    res.json({});
  });
  route('post', '/v2/bot/richmenu/:id/content', 'richmenu.image', async (req, res) => {
    const menu = state.richMenus.get(String(req.params.id));
    if (!menu) return notFound(res);
    if (menu.image) return res.status(400).json({ message: 'An image has already been uploaded to the richmenu' });
    const contentType = (req.get('content-type') ?? '').split(';')[0].trim();
    if (contentType !== 'image/png' && contentType !== 'image/jpeg') return res.status(415).json({ message: 'Unsupported Media Type: only image/png or image/jpeg' });
    const data = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (data.length > RICH_MENU_LIMITS.imageBytes) return res.status(413).json({ message: 'Request Entity Too Large: the image is over 1 MB' });
    const problem = await imageProblem(data, menu.menu);
    if (problem) return res.status(400).json({ message: problem });
    menu.image = { contentType, data };
    res.json({});
  });
  route('get', '/v2/bot/richmenu/:id/content', 'richmenu.getImage', (req, res) => {
    const menu = state.richMenus.get(String(req.params.id));
    if (!menu?.image) return notFound(res);
    res.type(menu.image.contentType).send(menu.image.data);
  });
  route('get', '/v2/bot/user/all/richmenu', 'richmenu.getDefault', (_req, res) => {
    if (!state.defaultRichMenuId) return notFound(res, 'no default richmenu');
    res.json({ richMenuId: state.defaultRichMenuId });
  });
  route('delete', '/v2/bot/user/all/richmenu', 'richmenu.cancelDefault', (_req, res) => {
    state.defaultRichMenuId = undefined;
    res.json({});
  });
  route('post', '/v2/bot/user/all/richmenu/:id', 'richmenu.setDefault', (req, res) => {
    const menu = state.richMenus.get(String(req.params.id));
    if (!menu) return res.status(400).json({ message: 'richmenu not found' });
    if (!menu.image) return res.status(400).json({ message: 'must upload richmenu image before applying it to user' });
    state.defaultRichMenuId = menu.richMenuId;
    res.json({});
  });
  route('post', '/v2/bot/user/:userId/richmenu/:id', 'richmenu.link', (req, res) => {
    const menu = state.richMenus.get(String(req.params.id));
    if (!menu) return res.status(400).json({ message: 'richmenu not found' });
    if (!menu.image) return res.status(400).json({ message: 'must upload richmenu image before applying it to user' });
    state.userMenus.set(String(req.params.userId), menu.richMenuId);
    res.json({});
  });
  route('delete', '/v2/bot/user/:userId/richmenu', 'richmenu.unlink', (req, res) => {
    state.userMenus.delete(String(req.params.userId));
    res.json({});
  });
  route('post', '/v2/bot/richmenu/bulk/link', 'richmenu.bulkLink', (req, res) => {
    const { richMenuId, userIds } = req.body as { richMenuId: string; userIds: string[] };
    const menu = state.richMenus.get(richMenuId);
    if (!menu) return res.status(400).json({ message: 'richmenu not found' });
    if (!menu.image) return res.status(400).json({ message: 'must upload richmenu image before applying it to user' });
    if (!Array.isArray(userIds) || userIds.length === 0 || userIds.length > 500) return res.status(400).json({ message: 'userIds must be 1 to 500 ids' });
    for (const id of userIds) state.userMenus.set(id, richMenuId);
    res.status(202).json({});
  });
  route('post', '/v2/bot/richmenu/bulk/unlink', 'richmenu.bulkUnlink', (req, res) => {
    const { userIds } = req.body as { userIds: string[] };
    if (!Array.isArray(userIds) || userIds.length === 0 || userIds.length > 500) return res.status(400).json({ message: 'userIds must be 1 to 500 ids' });
    for (const id of userIds) state.userMenus.delete(id);
    res.status(202).json({});
  });
  route('get', '/v2/bot/user/:userId/richmenu', 'richmenu.ofUser', (req, res) => {
    const id = state.userMenus.get(String(req.params.userId));
    if (!id) return notFound(res, 'the user has no richmenu');
    res.json({ richMenuId: id });
  });
  mountAliasRoutes(route, state);
}

function mountAliasRoutes(route: RouteFn, state: FakeLineState): void {
  route('post', '/v2/bot/richmenu/alias', 'richmenu.aliasCreate', (req, res) => {
    const { richMenuAliasId, richMenuId } = req.body as { richMenuAliasId: string; richMenuId: string };
    if (!/^[a-z0-9_-]{1,32}$/.test(richMenuAliasId ?? '')) return res.status(400).json({ message: 'invalid richMenuAliasId' });
    if (state.aliases.has(richMenuAliasId)) return res.status(400).json({ message: 'conflict richmenu alias id' });
    if (state.aliases.size >= RICH_MENU_LIMITS.aliasesPerChannel) return res.status(400).json({ message: 'Exceeded the maximum number of rich menu aliases' });
    if (!state.richMenus.has(richMenuId)) return res.status(400).json({ message: 'richmenu not found' });
    state.aliases.set(richMenuAliasId, richMenuId);
    res.json({});
  });
  route('post', '/v2/bot/richmenu/alias/:aliasId', 'richmenu.aliasUpdate', (req, res) => {
    const aliasId = String(req.params.aliasId);
    const { richMenuId } = req.body as { richMenuId: string };
    if (!state.aliases.has(aliasId)) return notFound(res, 'richmenu alias not found');
    if (!state.richMenus.has(richMenuId)) return res.status(400).json({ message: 'richmenu not found' });
    state.aliases.set(aliasId, richMenuId);
    res.json({});
  });
  route('get', '/v2/bot/richmenu/alias/:aliasId', 'richmenu.aliasGet', (req, res) => {
    const richMenuId = state.aliases.get(String(req.params.aliasId));
    if (!richMenuId) return notFound(res, 'richmenu alias not found');
    res.json({ richMenuAliasId: req.params.aliasId, richMenuId });
  });
  route('delete', '/v2/bot/richmenu/alias/:aliasId', 'richmenu.aliasDelete', (req, res) => {
    if (!state.aliases.delete(String(req.params.aliasId))) return notFound(res, 'richmenu alias not found');
    res.json({});
  });
}

/**
 * LINE wants a real PNG/JPEG, 800-2500 px wide, at least 250 px high, width/height >= 1.45. An
 * image whose proportions differ from the menu's size would put the tap areas in the wrong
 * places, so that is refused here too.
 */
async function imageProblem(data: Buffer, menu: Record<string, unknown>): Promise<string | undefined> {
  try {
    const meta = await sharp(data).metadata();
    const size = (menu.size ?? {}) as { width?: number; height?: number };
    const { width = 0, height = 0 } = meta;
    if (meta.format !== 'png' && meta.format !== 'jpeg') return 'Invalid image format: only PNG or JPEG';
    if (width < RICH_MENU_LIMITS.minWidth || width > RICH_MENU_LIMITS.maxWidth || height < RICH_MENU_LIMITS.minHeight || width / height < RICH_MENU_LIMITS.minAspect) {
      return `Invalid image size ${width}x${height}: width 800 to 2500, height at least 250, width/height at least 1.45`;
    }
    if (size.width && size.height && Math.abs(width / height - size.width / size.height) > 0.01) return `Image proportions (${width}x${height}) do not match the richmenu size (${size.width}x${size.height})`;
    return undefined;
  } catch {
    return 'Invalid image: the data is not a readable image';
  }
}
