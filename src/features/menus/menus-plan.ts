import type { LineClient } from '../../line/line-client';
import { clock } from '../../shared/clock';
import { loadDesiredMenus, type DesiredMenu } from './menu-desired';
import { MenuVersionModel } from './menu-deploy.model';
import { DEFAULT_SPECS_DIR } from './menu-spec';
import type { MenuRouter } from './menu-validate';
import { activeOfficerIds, changesInLastHour, KEEP_VERSIONS, readLineMenus, readLive, type LineMenus, type Live } from './menus-live';

export interface MenuDeployOptions {
  /** The bot's router (createRuntime(config, features).router): every button must be understood. */
  router: MenuRouter;
  /** Who deploys (ADMIN_USER or the OS user), recorded with each deployment. */
  actor: string;
  specsDir?: string;
  line?: LineClient;
}

export type MenuChange =
  | { alias: string; action: 'unchanged'; hash: string; richMenuId: string }
  /** Point the alias at a menu LINE has: a kept version, or the live one when LINE's alias is wrong (`why`). */
  | { alias: string; action: 'repoint'; hash: string; liveHash?: string; richMenuId: string; why?: string }
  | { alias: string; action: 'create'; hash: string; liveHash?: string; why?: string }
  /** The spec file is gone: the alias is deleted at LINE, the versions are kept. */
  | { alias: string; action: 'remove'; liveHash: string; richMenuId: string };

type VersionRef = { alias: string; richMenuId: string };

export interface MenuPlan {
  menus: MenuChange[];
  /** The alias that becomes the default menu, when the default changes. */
  setDefault?: string;
  officers: { alias?: string; link: string[]; unlink: string[] };
  /** Versions beyond the last KEEP_VERSIONS that apply will delete at LINE (known ones; new ones add to it). */
  deletions: VersionRef[];
  /** Versions MongoDB keeps that LINE no longer has: apply records them as deleted, without a call. */
  gone: VersionRef[];
  creationsNeeded: number;
  deletionsNeeded: number;
  /** Creations and deletions at LINE in the last hour (LINE allows 100 of each). */
  lastHour: { creations: number; deletions: number };
  /** False when LINE could not be asked: the plan then compares with MongoDB's record only. */
  lineChecked: boolean;
  /** False when applying would change nothing at LINE. */
  changes: boolean;
}

/** What the plan knows that apply needs: MongoDB's live record and LINE's aliases as read. */
export interface PlanContext {
  live: Live;
  lineAliases: Map<string, string>;
}

/** Which versions to delete once `target` is live: all but the newest KEEP_VERSIONS (never the target, never one already gone). */
export async function versionsToDelete(alias: string, target: string | undefined, extraNew: number, gone: Set<string>): Promise<VersionRef[]> {
  const kept = (await MenuVersionModel.find({ alias, deletedAt: { $exists: false } }).sort({ seq: -1 }).lean()).filter((v) => !gone.has(v.richMenuId));
  return kept
    .slice(Math.max(KEEP_VERSIONS - extraNew, 0))
    .filter((v) => v.richMenuId !== target)
    .map((v) => ({ alias, richMenuId: v.richMenuId }));
}

/** The change one spec needs, checked against LINE when it was read. */
async function changeFor(m: DesiredMenu, live: Live, atLine: LineMenus | undefined, gone: Set<string>): Promise<MenuChange> {
  const current = live.aliases.find((a) => a.alias === m.alias);
  const lineAlias = atLine?.aliases.get(m.alias);
  if (current && current.hash === m.hash && !gone.has(current.richMenuId)) {
    if (!atLine || lineAlias === current.richMenuId) return { alias: m.alias, action: 'unchanged', hash: m.hash, richMenuId: current.richMenuId };
    return { alias: m.alias, action: 'repoint', hash: m.hash, liveHash: current.hash, richMenuId: current.richMenuId, why: lineAlias ? 'the alias at LINE points elsewhere' : 'the alias is missing at LINE' };
  }
  const why = current && current.hash === m.hash ? 'the live menu is missing at LINE' : undefined;
  const kept = (await MenuVersionModel.find({ alias: m.alias, hash: m.hash, deletedAt: { $exists: false } }).sort({ seq: -1 }).lean()).find((v) => !gone.has(v.richMenuId));
  if (kept) return { alias: m.alias, action: 'repoint', hash: m.hash, liveHash: current?.hash, richMenuId: kept.richMenuId, ...(why ? { why } : {}) };
  return { alias: m.alias, action: 'create', hash: m.hash, liveHash: current?.hash, ...(why ? { why } : {}) };
}

/** Versions recorded as kept whose menu LINE no longer has. */
async function goneVersions(atLine: LineMenus | undefined): Promise<VersionRef[]> {
  if (!atLine) return [];
  const kept = await MenuVersionModel.find({ deletedAt: { $exists: false } }, { alias: 1, richMenuId: 1 }).lean();
  return kept.filter((v) => !atLine.menus.has(v.richMenuId)).map((v) => ({ alias: v.alias, richMenuId: v.richMenuId }));
}

/** Links to make and undo so that exactly the active officers have the officers' menu. */
async function officerLinks(menus: DesiredMenu[], live: Live, targetOf: Map<string, string | undefined>): Promise<MenuPlan['officers']> {
  const officerMenu = menus.find((m) => m.spec.linkTo === 'officers');
  // No spec links officers any more: whoever was linked goes back to the default menu.
  if (!officerMenu) return { link: [], unlink: [...live.officerLink.userIds] };
  const active = await activeOfficerIds();
  const target = targetOf.get(officerMenu.alias);
  const sameMenu = target !== undefined && live.officerLink.richMenuId === target;
  const linked = new Set(sameMenu ? live.officerLink.userIds : []);
  return { alias: officerMenu.alias, link: active.filter((id) => !linked.has(id)), unlink: live.officerLink.userIds.filter((id) => !active.includes(id)) };
}

/**
 * What deploying the menus would change. With `line`, LINE's menus and aliases are read first
 * (two GET calls), so what MongoDB records as live but LINE lost is created or repointed again.
 */
export async function computePlan(menus: DesiredMenu[], now: Date, line?: LineClient): Promise<MenuPlan & PlanContext> {
  const live = await readLive();
  const atLine = line ? await readLineMenus(line) : undefined;
  const gone = await goneVersions(atLine);
  const goneIds = new Set(gone.map((g) => g.richMenuId));
  const changes: MenuChange[] = [];
  const deletions: VersionRef[] = [];
  const targetOf = new Map<string, string | undefined>();
  for (const m of menus) {
    const change = await changeFor(m, live, atLine, goneIds);
    changes.push(change);
    targetOf.set(m.alias, change.action === 'create' ? undefined : (change as { richMenuId: string }).richMenuId);
    if (change.action !== 'unchanged') deletions.push(...(await versionsToDelete(m.alias, targetOf.get(m.alias), change.action === 'create' ? 1 : 0, goneIds)));
  }
  for (const a of live.aliases) {
    if (!menus.some((m) => m.alias === a.alias)) changes.push({ alias: a.alias, action: 'remove', liveHash: a.hash, richMenuId: a.richMenuId });
  }
  const defaultMenu = menus.find((m) => m.spec.default);
  const defaultTarget = defaultMenu ? targetOf.get(defaultMenu.alias) : undefined;
  const setDefault = defaultMenu && (defaultTarget === undefined || live.defaultRichMenuId !== defaultTarget) ? defaultMenu.alias : undefined;
  const officers = await officerLinks(menus, live, targetOf);
  const creationsNeeded = changes.filter((c) => c.action === 'create').length;
  const hasChanges = changes.some((c) => c.action !== 'unchanged') || Boolean(setDefault) || officers.link.length > 0 || officers.unlink.length > 0 || gone.length > 0;
  return {
    live,
    lineAliases: atLine?.aliases ?? new Map(),
    menus: changes,
    setDefault,
    officers,
    deletions,
    gone,
    creationsNeeded,
    deletionsNeeded: deletions.length,
    lastHour: await changesInLastHour(now),
    lineChecked: atLine !== undefined,
    changes: hasChanges,
  };
}

/**
 * What `apply` would do, from the specs, MongoDB's record and, when `line` is given, what LINE has
 * (read only). Changes nothing.
 */
export async function planMenus(options: MenuDeployOptions): Promise<MenuPlan> {
  const menus = await loadDesiredMenus(options.router, options.specsDir ?? DEFAULT_SPECS_DIR);
  const { live: _live, lineAliases: _aliases, ...plan } = await computePlan(menus, clock.now(), options.line);
  return plan;
}
