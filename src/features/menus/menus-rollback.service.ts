import { lineClient, type LineClient } from '../../line/line-client';
import { clock } from '../../shared/clock';
import { MenuDeploymentModel, MenuVersionModel } from './menu-deploy.model';
import { liveHistory } from './menus-history';
import { activeOfficerIds, linkOfficers, MenuDeployError, readLineMenus, readLive, saveLive, type LineMenus } from './menus-live';

export interface MenuRollbackOptions {
  actor: string;
  /** Only this alias; by default the aliases the last deployment changed. */
  alias?: string;
  line?: LineClient;
}

export interface MenuRollbackResult {
  repointed: { alias: string; from: string; to: string; seq: number }[];
  defaultRichMenuId?: string;
  officersLinked: number;
}

type Step = { alias: string; from: string; to: string; seq: number; hash: string };

/** The aliases the most recent successful deployment changed. */
async function lastChangedAliases(): Promise<string[]> {
  const last = await MenuDeploymentModel.findOne({ status: 'ok', 'repointed.0': { $exists: true } }).sort({ at: -1, _id: -1 }).lean();
  return [...new Set((last?.repointed ?? []).map((r) => r.alias ?? ''))].filter(Boolean);
}

/** The menu that was live before the current one and is still kept, at LINE too; a problem otherwise. */
async function previousLive(alias: string, current: string, atLine: LineMenus): Promise<Step | string> {
  const history = await liveHistory(alias);
  for (let i = history.length - 2; i >= 0; i -= 1) {
    if (history[i] === current || !atLine.menus.has(history[i])) continue;
    const version = await MenuVersionModel.findOne({ richMenuId: history[i], deletedAt: { $exists: false } }).lean();
    if (version) return { alias, from: current, to: version.richMenuId, seq: version.seq, hash: version.hash };
  }
  return `${alias}: no earlier version is kept`;
}

/**
 * Points each alias of the last deployment (or the one named) back at the menu that was live
 * before, moves the default menu and the officers' links with it, and records the rollback. Run
 * again to go one more step back through what was live. Creates and deletes nothing at LINE.
 */
export async function rollbackMenus(options: MenuRollbackOptions): Promise<MenuRollbackResult> {
  const line = options.line ?? lineClient();
  const now = clock.now();
  const live = await readLive();
  const aliases = options.alias ? [options.alias] : await lastChangedAliases();
  if (aliases.length === 0) throw new MenuDeployError('nothing to roll back: no menu has been deployed yet');
  const atLine = await readLineMenus(line);
  const steps: Step[] = [];
  const problems: string[] = [];
  for (const alias of aliases) {
    const current = live.aliases.find((a) => a.alias === alias);
    const step = current ? await previousLive(alias, current.richMenuId, atLine) : `${alias}: not deployed`;
    if (typeof step === 'string') problems.push(step);
    else steps.push(step);
  }
  if (problems.length > 0) throw new MenuDeployError(`cannot roll back: ${problems.join('; ')}`);

  const result: MenuRollbackResult = { repointed: [], officersLinked: 0 };
  for (const step of steps) {
    if (atLine.aliases.has(step.alias)) await line.updateRichMenuAlias(step.alias, step.to);
    else await line.createRichMenuAlias(step.alias, step.to);
    live.aliases = live.aliases.map((a) => (a.alias === step.alias ? { alias: a.alias, richMenuId: step.to, hash: step.hash } : a));
    if (live.defaultRichMenuId === step.from) {
      await line.setDefaultRichMenu(step.to);
      live.defaultRichMenuId = step.to;
      result.defaultRichMenuId = step.to;
    }
    if (live.officerLink.richMenuId === step.from) {
      const officers = await activeOfficerIds();
      await linkOfficers(line, step.to, officers);
      live.officerLink = { richMenuId: step.to, userIds: officers };
      result.officersLinked = officers.length;
    }
    result.repointed.push({ alias: step.alias, from: step.from, to: step.to, seq: step.seq });
  }
  await saveLive(live, now);
  await MenuDeploymentModel.create({
    at: now,
    by: options.actor,
    kind: 'rollback',
    status: 'ok',
    creations: 0,
    repointed: result.repointed.map(({ alias, from, to }) => ({ alias, from, to })),
    defaultRichMenuId: result.defaultRichMenuId,
    officersLinked: result.officersLinked,
  });
  return result;
}

export interface MenuListing {
  live: { alias: string; richMenuId: string; hash: string; seq?: number; createdAt?: Date; createdBy?: string; atLine?: string }[];
  defaultRichMenuId?: string;
  officersLinked: number;
  versions: { alias: string; seq: number; richMenuId: string; hash: string; createdAt: Date; createdBy: string; live: boolean }[];
  deployments: { at: Date; by: string; kind: string; status: string; creations: number; repointed: string[]; error?: string }[];
}

/** What is live (MongoDB's record and LINE's aliases side by side), the kept versions and the last deployments. */
export async function listMenus(options: { line?: LineClient } = {}): Promise<MenuListing> {
  const line = options.line ?? lineClient();
  const live = await readLive();
  const atLine = new Map((await line.listRichMenuAliases()).map((a) => [a.richMenuAliasId, a.richMenuId]));
  const versions = await MenuVersionModel.find({ deletedAt: { $exists: false } }).sort({ alias: 1, seq: -1 }).lean();
  const liveIds = new Set(live.aliases.map((a) => a.richMenuId));
  const deployments = await MenuDeploymentModel.find().sort({ at: -1, _id: -1 }).limit(5).lean();
  return {
    live: live.aliases.map((a) => {
      const v = versions.find((x) => x.richMenuId === a.richMenuId);
      return { ...a, seq: v?.seq, createdAt: v?.createdAt, createdBy: v?.createdBy, atLine: atLine.get(a.alias) };
    }),
    defaultRichMenuId: live.defaultRichMenuId,
    officersLinked: live.officerLink.userIds.length,
    versions: versions.map((v) => ({ alias: v.alias, seq: v.seq, richMenuId: v.richMenuId, hash: v.hash, createdAt: v.createdAt, createdBy: v.createdBy, live: liveIds.has(v.richMenuId) })),
    deployments: deployments.map((d) => ({
      at: d.at,
      by: d.by,
      kind: d.kind,
      status: d.status,
      creations: d.creations,
      repointed: (d.repointed ?? []).map((r) => r.alias ?? ''),
      error: d.error ?? undefined,
    })),
  };
}
