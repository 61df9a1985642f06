import { LineApiError, lineClient, type LineClient } from '../../line/line-client';
import { clock } from '../../shared/clock';
import { OfficerModel } from '../officers/officer.model';
import { loadDesiredMenus, type DesiredMenu } from './menu-desired';
import { LIVE_ID, MenuDeploymentModel, MenuLiveModel, MenuVersionModel } from './menu-deploy.model';
import { DEFAULT_SPECS_DIR } from './menu-spec';
import type { MenuRouter } from './menu-validate';

/** LINE allows 100 rich menu creations per hour per channel. */
export const CREATIONS_PER_HOUR = 100;
/** Versions kept per alias (the live one included), for rollback. */
export const KEEP_VERSIONS = 3;
/** LINE's bulk link takes at most 500 users per call. */
export const LINK_BATCH = 500;
const HOUR_MS = 60 * 60 * 1000;

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
  | { alias: string; action: 'repoint'; hash: string; liveHash?: string; richMenuId: string }
  | { alias: string; action: 'create'; hash: string; liveHash?: string };

export interface MenuPlan {
  menus: MenuChange[];
  /** The alias that becomes the default menu, when the default changes. */
  setDefault?: string;
  officers: { alias?: string; link: string[]; unlink: string[] };
  /** Versions beyond the last KEEP_VERSIONS that apply will delete (known ones; new ones add to it). */
  deletions: { alias: string; richMenuId: string }[];
  creationsNeeded: number;
  creationsLastHour: number;
  /** False when applying would change nothing at LINE. */
  changes: boolean;
}

export class MenuDeployError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MenuDeployError';
  }
}

export type Live = { aliases: { alias: string; richMenuId: string; hash: string }[]; defaultRichMenuId?: string; officerLink: { richMenuId?: string; userIds: string[] } };

export async function readLive(): Promise<Live> {
  const doc = await MenuLiveModel.findById(LIVE_ID).lean();
  return {
    aliases: (doc?.aliases ?? []).map((a) => ({ alias: a.alias ?? '', richMenuId: a.richMenuId ?? '', hash: a.hash ?? '' })),
    defaultRichMenuId: doc?.defaultRichMenuId ?? undefined,
    officerLink: { richMenuId: doc?.officerLink?.richMenuId ?? undefined, userIds: [...(doc?.officerLink?.userIds ?? [])] },
  };
}

export async function saveLive(live: Live, now: Date): Promise<void> {
  await MenuLiveModel.replaceOne({ _id: LIVE_ID }, { _id: LIVE_ID, ...live, updatedAt: now }, { upsert: true });
}

/** Rich menus created in the last hour, from the deployment records. */
export async function creationsInLastHour(now: Date): Promise<number> {
  const recent = await MenuDeploymentModel.find({ at: { $gt: new Date(now.getTime() - HOUR_MS) } }, { creations: 1 }).lean();
  return recent.reduce((sum, d) => sum + (d.creations ?? 0), 0);
}

export async function activeOfficerIds(): Promise<string[]> {
  const officers = await OfficerModel.find({ active: true }, { lineUserId: 1 }).lean();
  return officers.map((o) => o.lineUserId).sort();
}

/** Which versions to delete once `target` is live: all but the newest KEEP_VERSIONS (and never the live one). */
async function versionsToDelete(alias: string, target: string | undefined, extraNew: number): Promise<{ alias: string; richMenuId: string }[]> {
  const kept = await MenuVersionModel.find({ alias, deletedAt: { $exists: false } }).sort({ seq: -1 }).lean();
  return kept
    .slice(Math.max(KEEP_VERSIONS - extraNew, 0))
    .filter((v) => v.richMenuId !== target)
    .map((v) => ({ alias, richMenuId: v.richMenuId }));
}

async function computePlan(menus: DesiredMenu[], now: Date): Promise<MenuPlan & { live: Live }> {
  const live = await readLive();
  const changes: MenuChange[] = [];
  const deletions: MenuPlan['deletions'] = [];
  const targetOf = new Map<string, string | undefined>();
  for (const m of menus) {
    const current = live.aliases.find((a) => a.alias === m.alias);
    if (current && current.hash === m.hash) {
      changes.push({ alias: m.alias, action: 'unchanged', hash: m.hash, richMenuId: current.richMenuId });
      targetOf.set(m.alias, current.richMenuId);
      continue;
    }
    const existing = await MenuVersionModel.findOne({ alias: m.alias, hash: m.hash, deletedAt: { $exists: false } }).lean();
    if (existing) changes.push({ alias: m.alias, action: 'repoint', hash: m.hash, liveHash: current?.hash, richMenuId: existing.richMenuId });
    else changes.push({ alias: m.alias, action: 'create', hash: m.hash, liveHash: current?.hash });
    targetOf.set(m.alias, existing?.richMenuId);
    deletions.push(...(await versionsToDelete(m.alias, existing?.richMenuId, existing ? 0 : 1)));
  }
  const changed = (alias: string) => changes.find((c) => c.alias === alias)?.action !== 'unchanged';
  const defaultMenu = menus.find((m) => m.spec.default);
  const setDefault = defaultMenu && (changed(defaultMenu.alias) || live.defaultRichMenuId !== targetOf.get(defaultMenu.alias)) ? defaultMenu.alias : undefined;
  const officerMenu = menus.find((m) => m.spec.linkTo === 'officers');
  const officers: MenuPlan['officers'] = { link: [], unlink: [] };
  if (officerMenu) {
    const active = await activeOfficerIds();
    const linked = new Set(live.officerLink.userIds);
    const sameMenu = !changed(officerMenu.alias) && live.officerLink.richMenuId === targetOf.get(officerMenu.alias);
    officers.alias = officerMenu.alias;
    officers.link = sameMenu ? active.filter((id) => !linked.has(id)) : active;
    officers.unlink = live.officerLink.userIds.filter((id) => !active.includes(id));
  }
  const creationsNeeded = changes.filter((c) => c.action === 'create').length;
  const hasChanges = changes.some((c) => c.action !== 'unchanged') || Boolean(setDefault) || officers.link.length > 0 || officers.unlink.length > 0;
  return { live, menus: changes, setDefault, officers, deletions, creationsNeeded, creationsLastHour: await creationsInLastHour(now), changes: hasChanges };
}

/** What `apply` would do, from the specs and what MongoDB says is deployed. No LINE call. */
export async function planMenus(options: MenuDeployOptions): Promise<MenuPlan> {
  const menus = await loadDesiredMenus(options.router, options.specsDir ?? DEFAULT_SPECS_DIR);
  const { live: _live, ...plan } = await computePlan(menus, clock.now());
  return plan;
}

export interface MenuApplyResult extends MenuPlan {
  created: { alias: string; richMenuId: string }[];
  deleted: { alias: string; richMenuId: string }[];
}

export async function linkOfficers(line: LineClient, richMenuId: string, userIds: string[]): Promise<void> {
  for (let i = 0; i < userIds.length; i += LINK_BATCH) await line.linkRichMenuToUsers(userIds.slice(i, i + LINK_BATCH), richMenuId);
}

async function deleteAtLine(line: LineClient, richMenuId: string): Promise<void> {
  try {
    await line.deleteRichMenu(richMenuId);
  } catch (err) {
    if (!(err instanceof LineApiError && err.status === 404)) throw err;
  }
}

/**
 * Deploys the specs: validates each changed menu with LINE, creates it and uploads its image,
 * creates or repoints its alias, sets the default menu, relinks the officers, deletes versions
 * beyond the last KEEP_VERSIONS, and records the deployment. A second run changes nothing.
 * Refuses before any call when it would pass LINE's 100 creations per hour.
 */
export async function applyMenus(options: MenuDeployOptions): Promise<MenuApplyResult> {
  const line = options.line ?? lineClient();
  const now = clock.now();
  const menus = await loadDesiredMenus(options.router, options.specsDir ?? DEFAULT_SPECS_DIR);
  const { live, ...plan } = await computePlan(menus, now);
  const result: MenuApplyResult = { ...plan, created: [], deleted: [] };
  if (!plan.changes) return result;
  if (plan.creationsLastHour + plan.creationsNeeded > CREATIONS_PER_HOUR) {
    throw new MenuDeployError(
      `LINE allows ${CREATIONS_PER_HOUR} rich menu creations per hour: ${plan.creationsLastHour} were made in the last hour and this apply needs ${plan.creationsNeeded}. Try again later.`,
    );
  }
  const record = { at: now, by: options.actor, kind: 'apply' as const, creations: 0, created: [] as { alias: string; richMenuId: string; hash: string }[], repointed: [] as { alias: string; from?: string; to: string }[], officersLinked: 0, officersUnlinked: 0, deleted: [] as { alias: string; richMenuId: string }[], defaultRichMenuId: undefined as string | undefined };
  try {
    const toCreate = menus.filter((m) => plan.menus.some((c) => c.alias === m.alias && c.action === 'create'));
    for (const m of toCreate) await line.validateRichMenu(m.request);
    const targetOf = new Map<string, string>();
    for (const c of plan.menus) if (c.action !== 'create') targetOf.set(c.alias, c.richMenuId);
    for (const m of toCreate) {
      const richMenuId = await line.createRichMenu(m.request);
      record.creations += 1;
      try {
        await line.setRichMenuImage(richMenuId, m.image.data, m.image.contentType);
      } catch (err) {
        await deleteAtLine(line, richMenuId).catch(() => undefined);
        throw err;
      }
      const last = await MenuVersionModel.findOne({ alias: m.alias }).sort({ seq: -1 }).lean();
      await MenuVersionModel.create({ alias: m.alias, hash: m.hash, richMenuId, seq: (last?.seq ?? 0) + 1, imageBytes: m.image.data.length, createdAt: now, createdBy: options.actor });
      record.created.push({ alias: m.alias, richMenuId, hash: m.hash });
      targetOf.set(m.alias, richMenuId);
    }
    for (const c of plan.menus) {
      if (c.action === 'unchanged') continue;
      const target = targetOf.get(c.alias) as string;
      const atLine = await line.getRichMenuIdOfAlias(c.alias);
      if (atLine === undefined) await line.createRichMenuAlias(c.alias, target);
      else if (atLine !== target) await line.updateRichMenuAlias(c.alias, target);
      record.repointed.push({ alias: c.alias, from: atLine, to: target });
      live.aliases = [...live.aliases.filter((a) => a.alias !== c.alias), { alias: c.alias, richMenuId: target, hash: c.hash }];
    }
    if (plan.setDefault) {
      const target = targetOf.get(plan.setDefault) as string;
      await line.setDefaultRichMenu(target);
      live.defaultRichMenuId = target;
      record.defaultRichMenuId = target;
    }
    if (plan.officers.alias) {
      const target = targetOf.get(plan.officers.alias) as string;
      await linkOfficers(line, target, plan.officers.link);
      for (const userId of plan.officers.unlink) await line.unlinkRichMenu(userId);
      const stillLinked = live.officerLink.richMenuId === target ? live.officerLink.userIds.filter((id) => !plan.officers.unlink.includes(id)) : [];
      live.officerLink = { richMenuId: target, userIds: [...new Set([...stillLinked, ...plan.officers.link])].sort() };
      record.officersLinked = plan.officers.link.length;
      record.officersUnlinked = plan.officers.unlink.length;
    }
    for (const c of plan.menus) {
      if (c.action === 'unchanged') continue;
      for (const old of await versionsToDelete(c.alias, targetOf.get(c.alias), 0)) {
        await deleteAtLine(line, old.richMenuId);
        await MenuVersionModel.updateOne({ richMenuId: old.richMenuId }, { $set: { deletedAt: now } });
        record.deleted.push(old);
      }
    }
    await saveLive(live, now);
    await MenuDeploymentModel.create({ ...record, status: 'ok' });
  } catch (err) {
    await saveLive(live, now);
    await MenuDeploymentModel.create({ ...record, status: 'failed', error: err instanceof Error ? err.message : String(err) });
    throw err;
  }
  result.created = record.created.map(({ alias, richMenuId }) => ({ alias, richMenuId }));
  result.deleted = record.deleted;
  return result;
}
