import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import sharp from 'sharp';
import type { FakeLineState } from './fake-line-state';

type Handler = (req: Request, res: Response) => unknown;
export type RouteFn = (method: 'get' | 'post' | 'put' | 'delete', path: string, kind: string, handler: Handler) => void;

/** LINE's rich menu limits (Messaging API reference, "Rich menu object" and "Upload rich menu image"). */
export const RICH_MENU_LIMITS = {
  minWidth: 800,
  maxWidth: 2500,
  minHeight: 250,
  minAspect: 1.45,
  maxAreas: 20,
  chatBarTextChars: 14,
  nameChars: 300,
  actionLabelChars: 20,
  postbackDataChars: 300,
  messageTextChars: 300,
  uriChars: 1000,
  imageBytes: 1024 * 1024,
  menusPerChannel: 1000,
  aliasesPerChannel: 1000,
} as const;

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

function actionProblems(action: unknown, where: string): string[] {
  if (!isNode(action)) return [`${where}: missing action`];
  const problems: string[] = [];
  const str = (key: string) => (typeof action[key] === 'string' ? (action[key] as string) : undefined);
  if ((str('label')?.length ?? 0) > RICH_MENU_LIMITS.actionLabelChars) problems.push(`${where}.label: over ${RICH_MENU_LIMITS.actionLabelChars} characters`);
  switch (action.type) {
    case 'postback':
      if (!str('data') || str('data')!.length > RICH_MENU_LIMITS.postbackDataChars) problems.push(`${where}.data: 1 to ${RICH_MENU_LIMITS.postbackDataChars} characters`);
      break;
    case 'message':
      if (!str('text') || str('text')!.length > RICH_MENU_LIMITS.messageTextChars) problems.push(`${where}.text: 1 to ${RICH_MENU_LIMITS.messageTextChars} characters`);
      break;
    case 'uri':
      if (!str('uri') || str('uri')!.length > RICH_MENU_LIMITS.uriChars) problems.push(`${where}.uri: 1 to ${RICH_MENU_LIMITS.uriChars} characters`);
      break;
    case 'richmenuswitch':
      if (!/^[a-z0-9_-]{1,32}$/.test(str('richMenuAliasId') ?? '')) problems.push(`${where}.richMenuAliasId: invalid`);
      if (!str('data') || str('data')!.length > RICH_MENU_LIMITS.postbackDataChars) problems.push(`${where}.data: 1 to ${RICH_MENU_LIMITS.postbackDataChars} characters`);
      break;
    case 'datetimepicker':
    case 'camera':
    case 'cameraRoll':
    case 'location':
      break;
    default:
      problems.push(`${where}.type: unknown action type`);
  }
  return problems;
}

/** Every way a rich menu object breaks LINE's rules; empty when LINE would accept it. */
export function findRichMenuProblems(menu: unknown): string[] {
  if (!isNode(menu)) return ['body: not a rich menu object'];
  const problems: string[] = [];
  const size = isNode(menu.size) ? menu.size : {};
  const width = Number(size.width);
  const height = Number(size.height);
  if (!Number.isInteger(width) || width < RICH_MENU_LIMITS.minWidth || width > RICH_MENU_LIMITS.maxWidth) problems.push(`size.width: ${RICH_MENU_LIMITS.minWidth} to ${RICH_MENU_LIMITS.maxWidth}`);
  if (!Number.isInteger(height) || height < RICH_MENU_LIMITS.minHeight) problems.push(`size.height: at least ${RICH_MENU_LIMITS.minHeight}`);
  else if (width / height < RICH_MENU_LIMITS.minAspect) problems.push(`size: width / height must be at least ${RICH_MENU_LIMITS.minAspect}`);
  if (typeof menu.selected !== 'boolean') problems.push('selected: must be a boolean');
  if (typeof menu.name !== 'string' || menu.name.length === 0 || menu.name.length > RICH_MENU_LIMITS.nameChars) problems.push(`name: 1 to ${RICH_MENU_LIMITS.nameChars} characters`);
  if (typeof menu.chatBarText !== 'string' || menu.chatBarText.length === 0 || menu.chatBarText.length > RICH_MENU_LIMITS.chatBarTextChars) problems.push(`chatBarText: 1 to ${RICH_MENU_LIMITS.chatBarTextChars} characters`);
  const areas = Array.isArray(menu.areas) ? menu.areas : [];
  if (areas.length > RICH_MENU_LIMITS.maxAreas) problems.push(`areas: at most ${RICH_MENU_LIMITS.maxAreas}`);
  areas.forEach((area, i) => {
    const bounds = isNode(area) && isNode(area.bounds) ? area.bounds : {};
    const [x, y, w, h] = ['x', 'y', 'width', 'height'].map((k) => Number(bounds[k]));
    if (![x, y, w, h].every(Number.isInteger) || x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > width || y + h > height) problems.push(`areas[${i}].bounds: outside the menu`);
    problems.push(...actionProblems(isNode(area) ? area.action : undefined, `areas[${i}].action`));
  });
  return problems;
}

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
    if (!state.richMenus.delete(id)) return notFound(res);
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
