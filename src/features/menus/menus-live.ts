import { LineApiError, type LineClient } from '../../line/line-client';
import { OfficerModel } from '../officers/officer.model';
import { LIVE_ID, MenuDeploymentModel, MenuLiveModel } from './menu-deploy.model';

/** LINE allows 100 rich menu creations, and 100 deletions, per hour per channel (each endpoint its own count). */
export const CREATIONS_PER_HOUR = 100;
export const DELETIONS_PER_HOUR = 100;
/** Versions kept per alias (the live one included), for rollback. */
export const KEEP_VERSIONS = 3;
/** LINE's bulk link takes at most 500 users per call. */
export const LINK_BATCH = 500;
const HOUR_MS = 60 * 60 * 1000;

/** A deploy problem reported in one line (no stack trace). */
export class MenuDeployError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MenuDeployError';
  }
}

/** MongoDB's record of what is live: the aliases, the default menu and the officers' links. */
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

/** Rich menus created and deleted at LINE in the last hour, from the deployment records. */
export async function changesInLastHour(now: Date): Promise<{ creations: number; deletions: number }> {
  const recent = await MenuDeploymentModel.find({ at: { $gt: new Date(now.getTime() - HOUR_MS) } }, { creations: 1, deletions: 1, deleted: 1 }).lean();
  return {
    creations: recent.reduce((sum, d) => sum + (d.creations ?? 0), 0),
    // Records from before deletions were counted have only the list of deleted versions.
    deletions: recent.reduce((sum, d) => sum + Math.max(d.deletions ?? 0, d.deleted?.length ?? 0), 0),
  };
}

export async function activeOfficerIds(): Promise<string[]> {
  const officers = await OfficerModel.find({ active: true }, { lineUserId: 1 }).lean();
  return officers.map((o) => o.lineUserId).sort();
}

export async function linkOfficers(line: LineClient, richMenuId: string, userIds: string[]): Promise<void> {
  for (let i = 0; i < userIds.length; i += LINK_BATCH) await line.linkRichMenuToUsers(userIds.slice(i, i + LINK_BATCH), richMenuId);
}

/** What LINE has now: its rich menus and where each alias points. */
export interface LineMenus {
  menus: Set<string>;
  aliases: Map<string, string>;
}

/**
 * Reads LINE's rich menus and aliases (two calls), so a deploy trusts LINE rather than MongoDB's
 * record alone: a menu deleted in the OA Manager, or a local server restarted with an empty fake
 * LINE, shows up as missing.
 */
export async function readLineMenus(line: LineClient): Promise<LineMenus> {
  // One after the other: the deployment's calls stay in a stable order for its record and tests.
  const menus = await line.listRichMenus();
  const aliases = await line.listRichMenuAliases();
  return { menus: new Set(menus.map((m) => m.richMenuId)), aliases: new Map(aliases.map((a) => [a.richMenuAliasId, a.richMenuId])) };
}

/** Calls LINE and treats 404 (already gone) as done. */
export async function ignoringNotFound(call: () => Promise<void>): Promise<void> {
  try {
    await call();
  } catch (err) {
    if (!(err instanceof LineApiError && err.status === 404)) throw err;
  }
}
