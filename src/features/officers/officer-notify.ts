import { DepartmentModel } from '../departments/department.model';
import { languageOf } from '../users/users.service';
import { translator } from '../../i18n';
import type { Lang, Translate } from '../../i18n/languages';
import type { Message } from '../../line/types';
import { enqueuePush } from '../../notifications/outbox.service';
import { logger } from '../../shared/logger';
import { activeOfficersOf, findActiveOfficer, type OfficerRole } from './officer.model';

/** Messages for one language: officers read pushes in the language they chose. */
export type LocalizedMessages = Message[] | ((t: Translate, lang: Lang) => Message[]);

const build = (messages: LocalizedMessages, lang: Lang): Message[] => (typeof messages === 'function' ? messages(translator(lang), lang) : messages);
const keyFor = (dedupeKey: string | undefined, suffix: string) => (dedupeKey ? `${dedupeKey}:${suffix}` : undefined);

/** Pushes to LINE users grouped by their language (one multicast per language). */
async function pushToUsers(userIds: string[], messages: LocalizedMessages, topic: string, dedupeKey?: string): Promise<number> {
  const byLang = new Map<Lang, string[]>();
  for (const id of [...new Set(userIds)]) {
    const lang = await languageOf(id);
    byLang.set(lang, [...(byLang.get(lang) ?? []), id]);
  }
  let sent = 0;
  for (const [lang, ids] of byLang) {
    const queued = await enqueuePush({ to: ids.length === 1 ? ids[0] : ids, messages: build(messages, lang), topic, dedupeKey: keyFor(dedupeKey, lang) });
    if (queued) sent += ids.length;
  }
  return sent;
}

export interface NotifyOptions {
  /** LINE user ids left out (e.g. the officer who just acted). Ignored for a department group. */
  exclude?: string[];
  /** Only officers with this role. */
  role?: OfficerRole;
}

/**
 * Tells a department: its LINE group when it has one (in Thai), else a multicast to its active
 * officers in their languages. With a dedupeKey, a second call with the same key sends nothing.
 * Returns how many chats were queued (0 when nobody could be told).
 */
export async function notifyDepartment(departmentCode: string, messages: LocalizedMessages, topic: string, dedupeKey?: string, options: NotifyOptions = {}): Promise<number> {
  const department = await DepartmentModel.findOne({ code: departmentCode }).lean();
  if (department?.lineGroupId && !options.role) {
    return (await enqueuePush({ to: department.lineGroupId, messages: build(messages, 'th'), topic, dedupeKey: keyFor(dedupeKey, 'group') })) ? 1 : 0;
  }
  const exclude = new Set(options.exclude ?? []);
  const officers = (await activeOfficersOf(departmentCode, options.role)).filter((o) => !exclude.has(o.lineUserId));
  if (officers.length === 0) {
    logger.warn({ departmentCode, topic }, 'no active officer to notify');
    return 0;
  }
  return pushToUsers(
    officers.map((o) => o.lineUserId),
    messages,
    topic,
    dedupeKey,
  );
}

/**
 * Tells a department's heads (escalations). A department without an active head is told
 * through its group, or failing that its officers, so an escalation is never dropped silently.
 */
export async function notifyHeads(departmentCode: string, messages: LocalizedMessages, topic: string, dedupeKey?: string): Promise<number> {
  const heads = await activeOfficersOf(departmentCode, 'head');
  if (heads.length > 0) return pushToUsers(heads.map((h) => h.lineUserId), messages, topic, dedupeKey);
  return notifyDepartment(departmentCode, messages, topic, dedupeKey);
}

/** Tells one officer by LINE user id (a case's `holder.id`), when that officer is still active. */
export async function notifyOfficer(lineUserId: string, messages: LocalizedMessages, topic: string, dedupeKey?: string): Promise<boolean> {
  const officer = await findActiveOfficer(lineUserId);
  if (!officer) return false;
  return (await pushToUsers([officer.lineUserId], messages, topic, dedupeKey)) > 0;
}
