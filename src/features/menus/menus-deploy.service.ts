import { lineClient, type LineClient } from '../../line/line-client';
import { clock } from '../../shared/clock';
import { loadDesiredMenus, type DesiredMenu } from './menu-desired';
import { MenuDeploymentModel, MenuVersionModel } from './menu-deploy.model';
import { DEFAULT_SPECS_DIR } from './menu-spec';
import { CREATIONS_PER_HOUR, DELETIONS_PER_HOUR, ignoringNotFound, KEEP_VERSIONS, linkOfficers, MenuDeployError, saveLive, type Live } from './menus-live';
import { computePlan, versionsToDelete, type MenuDeployOptions, type MenuPlan, type PlanContext } from './menus-plan';

export interface MenuApplyResult extends MenuPlan {
  created: { alias: string; richMenuId: string }[];
  deleted: { alias: string; richMenuId: string }[];
}

/** What one apply did at LINE, recorded as a MenuDeployment. */
interface ApplyRecord {
  creations: number;
  deletions: number;
  created: { alias: string; richMenuId: string; hash: string }[];
  repointed: { alias: string; from?: string; to: string }[];
  removed: { alias: string; richMenuId: string }[];
  deleted: { alias: string; richMenuId: string }[];
  defaultRichMenuId?: string;
  officersLinked: number;
  officersUnlinked: number;
}

function limitProblem(plan: MenuPlan): string | undefined {
  const { creations, deletions } = plan.lastHour;
  if (creations + plan.creationsNeeded > CREATIONS_PER_HOUR) {
    return `LINE allows ${CREATIONS_PER_HOUR} rich menu creations per hour: ${creations} were made in the last hour and this apply needs ${plan.creationsNeeded}. Try again later.`;
  }
  if (deletions + plan.deletionsNeeded > DELETIONS_PER_HOUR) {
    return `LINE allows ${DELETIONS_PER_HOUR} rich menu deletions per hour: ${deletions} were made in the last hour and this apply needs ${plan.deletionsNeeded} (old versions beyond the ${KEEP_VERSIONS} kept). Try again later.`;
  }
  return undefined;
}

async function deleteAtLine(line: LineClient, richMenuId: string, record: ApplyRecord): Promise<void> {
  record.deletions += 1;
  await ignoringNotFound(() => line.deleteRichMenu(richMenuId));
}

/** Validates each new menu with LINE, then creates it and uploads its image; returns alias -> new id. */
async function createMenus(line: LineClient, toCreate: DesiredMenu[], options: MenuDeployOptions, now: Date, record: ApplyRecord): Promise<Map<string, string>> {
  const created = new Map<string, string>();
  for (const m of toCreate) await line.validateRichMenu(m.request);
  for (const m of toCreate) {
    const richMenuId = await line.createRichMenu(m.request);
    record.creations += 1;
    try {
      await line.setRichMenuImage(richMenuId, m.image.data, m.image.contentType);
    } catch (err) {
      await deleteAtLine(line, richMenuId, record).catch(() => undefined);
      throw err;
    }
    const last = await MenuVersionModel.findOne({ alias: m.alias }).sort({ seq: -1 }).lean();
    await MenuVersionModel.create({ alias: m.alias, hash: m.hash, richMenuId, seq: (last?.seq ?? 0) + 1, imageBytes: m.image.data.length, createdAt: now, createdBy: options.actor });
    record.created.push({ alias: m.alias, richMenuId, hash: m.hash });
    created.set(m.alias, richMenuId);
  }
  return created;
}

/** Points each changed alias at its target (creating it at LINE when missing) and takes down removed ones. */
async function pointAliases(line: LineClient, plan: MenuPlan & PlanContext, targetOf: Map<string, string>, record: ApplyRecord): Promise<void> {
  const { live, lineAliases } = plan;
  for (const c of plan.menus) {
    if (c.action === 'unchanged') continue;
    const atLine = lineAliases.get(c.alias);
    if (c.action === 'remove') {
      if (atLine !== undefined) await ignoringNotFound(() => line.deleteRichMenuAlias(c.alias));
      record.removed.push({ alias: c.alias, richMenuId: c.richMenuId });
      live.aliases = live.aliases.filter((a) => a.alias !== c.alias);
      continue;
    }
    const target = targetOf.get(c.alias) as string;
    if (atLine === undefined) await line.createRichMenuAlias(c.alias, target);
    else if (atLine !== target) await line.updateRichMenuAlias(c.alias, target);
    record.repointed.push({ alias: c.alias, from: atLine, to: target });
    live.aliases = [...live.aliases.filter((a) => a.alias !== c.alias), { alias: c.alias, richMenuId: target, hash: c.hash }];
  }
}

/** Links the active officers to their menu and unlinks those no longer active (or all, when no spec links officers). */
async function relinkOfficers(line: LineClient, plan: MenuPlan, live: Live, targetOf: Map<string, string>, record: ApplyRecord): Promise<void> {
  const target = plan.officers.alias ? targetOf.get(plan.officers.alias) : undefined;
  if (target) await linkOfficers(line, target, plan.officers.link);
  for (const userId of plan.officers.unlink) await line.unlinkRichMenu(userId);
  const stillLinked = target && live.officerLink.richMenuId === target ? live.officerLink.userIds.filter((id) => !plan.officers.unlink.includes(id)) : [];
  live.officerLink = target ? { richMenuId: target, userIds: [...new Set([...stillLinked, ...plan.officers.link])].sort() } : { userIds: [] };
  record.officersLinked = plan.officers.link.length;
  record.officersUnlinked = plan.officers.unlink.length;
}

/** Records versions LINE lost as deleted, and deletes versions beyond the last KEEP_VERSIONS of each changed alias. */
async function pruneVersions(line: LineClient, plan: MenuPlan, targetOf: Map<string, string>, now: Date, record: ApplyRecord): Promise<void> {
  for (const g of plan.gone) await MenuVersionModel.updateOne({ richMenuId: g.richMenuId }, { $set: { deletedAt: now } });
  const gone = new Set(plan.gone.map((g) => g.richMenuId));
  for (const c of plan.menus) {
    if (c.action === 'unchanged' || c.action === 'remove') continue;
    for (const old of await versionsToDelete(c.alias, targetOf.get(c.alias), 0, gone)) {
      await deleteAtLine(line, old.richMenuId, record);
      await MenuVersionModel.updateOne({ richMenuId: old.richMenuId }, { $set: { deletedAt: now } });
      record.deleted.push(old);
    }
  }
}

/**
 * Deploys the specs: reads what LINE has, validates each new menu with LINE, creates it and
 * uploads its image, creates or repoints its alias (and takes down the alias of a removed spec),
 * sets the default menu, relinks the officers, deletes versions beyond the last KEEP_VERSIONS,
 * and records the deployment. A second run changes nothing. Refuses before any change when it
 * would pass LINE's 100 creations, or 100 deletions, per hour.
 */
export async function applyMenus(options: MenuDeployOptions): Promise<MenuApplyResult> {
  const line = options.line ?? lineClient();
  const now = clock.now();
  const menus = await loadDesiredMenus(options.router, options.specsDir ?? DEFAULT_SPECS_DIR);
  const plan = await computePlan(menus, now, line);
  const { live, lineAliases: _aliases, ...publicPlan } = plan;
  const result: MenuApplyResult = { ...publicPlan, created: [], deleted: [] };
  if (!plan.changes) return result;
  const overLimit = limitProblem(plan);
  if (overLimit) throw new MenuDeployError(overLimit);
  const record: ApplyRecord = { creations: 0, deletions: 0, created: [], repointed: [], removed: [], deleted: [], officersLinked: 0, officersUnlinked: 0 };
  try {
    const targetOf = new Map<string, string>();
    for (const c of plan.menus) if (c.action === 'repoint' || c.action === 'unchanged') targetOf.set(c.alias, c.richMenuId);
    const toCreate = menus.filter((m) => plan.menus.some((c) => c.alias === m.alias && c.action === 'create'));
    for (const [alias, id] of await createMenus(line, toCreate, options, now, record)) targetOf.set(alias, id);
    await pointAliases(line, plan, targetOf, record);
    if (plan.setDefault) {
      const target = targetOf.get(plan.setDefault) as string;
      await line.setDefaultRichMenu(target);
      live.defaultRichMenuId = target;
      record.defaultRichMenuId = target;
    }
    await relinkOfficers(line, plan, live, targetOf, record);
    await pruneVersions(line, plan, targetOf, now, record);
    await saveLive(live, now);
    await MenuDeploymentModel.create({ at: now, by: options.actor, kind: 'apply', status: 'ok', ...record });
  } catch (err) {
    await saveLive(live, now);
    await MenuDeploymentModel.create({ at: now, by: options.actor, kind: 'apply', status: 'failed', error: err instanceof Error ? err.message : String(err), ...record });
    throw err;
  }
  result.created = record.created.map(({ alias, richMenuId }) => ({ alias, richMenuId }));
  result.deleted = record.deleted;
  return result;
}
