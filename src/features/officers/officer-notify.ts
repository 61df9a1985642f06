import type { CaseAction } from '../../../flex-messages/officers/views';
import { DepartmentModel, localized } from '../departments/department.model';
import { complaintCentre } from '../departments/departments.service';
import { languageOf } from '../users/users.service';
import { translator } from '../../i18n';
import type { Lang, Translate } from '../../i18n/languages';
import { LINE_LIMITS } from '../../line/limits';
import type { Message } from '../../line/types';
import { enqueuePush } from '../../notifications/outbox.service';
import { logger } from '../../shared/logger';
import { activeOfficersOf, activeOfficersWithRole, findActiveOfficer } from './officer.model';

/**
 * Who reads a department's notice: its own officers (its group, its heads, the holder), the
 * complaint centre standing in for a department nobody can be told in, or the admins when even
 * the centre has nobody. Buttons differ: the centre can forward a case, not accept it; the admins
 * can do neither.
 */
export type Reader = 'department' | 'complaintCentre' | 'admins';

/**
 * Messages a caller may put in one push to a department: LINE's 5 less the line notifyInstead
 * puts first when the complaint centre or the admins are told instead.
 */
export const MESSAGES_PER_PUSH = LINE_LIMITS.messagesPerCall - 1;

/** The case buttons each reader may use on a notice about a case (checked again when pressed). */
export const READER_ACTIONS: Readonly<Record<Reader, readonly CaseAction[]>> = { department: ['accept'], complaintCentre: ['forward'], admins: [] };

/** Messages for one language (officers read pushes in the language they chose) and one reader. */
export type LocalizedMessages = Message[] | ((t: Translate, lang: Lang, reader: Reader) => Message[]);

const build = (messages: LocalizedMessages, lang: Lang, reader: Reader = 'department'): Message[] => (typeof messages === 'function' ? messages(translator(lang), lang, reader) : messages);
const keyFor = (dedupeKey: string | undefined, suffix: string) => (dedupeKey ? `${dedupeKey}:${suffix}` : undefined);

/** Pushes to LINE users grouped by their language (one multicast per language). */
async function pushToUsers(userIds: string[], messages: LocalizedMessages, topic: string, dedupeKey?: string, reader: Reader = 'department'): Promise<number> {
  const byLang = new Map<Lang, string[]>();
  for (const id of [...new Set(userIds)]) {
    const lang = await languageOf(id);
    byLang.set(lang, [...(byLang.get(lang) ?? []), id]);
  }
  let sent = 0;
  for (const [lang, ids] of byLang) {
    const queued = await enqueuePush({ to: ids.length === 1 ? ids[0] : ids, messages: build(messages, lang, reader), topic, dedupeKey: keyFor(dedupeKey, lang) });
    if (queued) sent += ids.length;
  }
  return sent;
}

export interface NotifyOptions {
  /** LINE user ids left out (e.g. the officer who just acted). Ignored for a department group. */
  exclude?: string[];
  /** A group that already knows (the button was pressed there): it is not told again. */
  skipGroup?: string;
}

/** A department's own chats: its LINE group, else its active officers; undefined when it has neither. */
async function departmentChats(departmentCode: string): Promise<{ group: string } | { officers: string[] } | undefined> {
  const department = await DepartmentModel.findOne({ code: departmentCode }).lean();
  if (department?.lineGroupId) return { group: department.lineGroupId };
  const officers = await activeOfficersOf(departmentCode);
  return officers.length > 0 ? { officers: officers.map((o) => o.lineUserId) } : undefined;
}

/**
 * Tells a department: its LINE group when it has one (in Thai), else a multicast to its active
 * officers in their languages. A department with neither is told through the complaint centre
 * (which passes cases on), or failing that the admins, with a line saying why. With a
 * dedupeKey, a second call with the same key sends nothing. Returns how many chats were queued
 * (0 when nobody could be told).
 */
export async function notifyDepartment(departmentCode: string, messages: LocalizedMessages, topic: string, dedupeKey?: string, options: NotifyOptions = {}): Promise<number> {
  const chats = await departmentChats(departmentCode);
  if (!chats) return notifyInstead(departmentCode, messages, topic, dedupeKey);
  if ('group' in chats && chats.group === options.skipGroup) return 0;
  if ('group' in chats) return (await enqueuePush({ to: chats.group, messages: build(messages, 'th'), topic, dedupeKey: keyFor(dedupeKey, 'group') })) ? 1 : 0;
  const exclude = new Set(options.exclude ?? []);
  return pushToUsers(chats.officers.filter((id) => !exclude.has(id)), messages, topic, dedupeKey);
}

/** The line that goes first when the complaint centre or the admins are told instead: why, and what to do. */
function insteadNote(t: Translate, department: string, reader: Reader, centreExists: boolean): string {
  if (reader === 'complaintCentre') return t('officers.notify.insteadOfCentre', { department });
  return t(centreExists ? 'officers.notify.insteadOfAdmins' : 'officers.notify.insteadOfAdminsNoCentre', { department });
}

/**
 * For a department nobody can be told in (no LINE group, no active officer): the complaint
 * centre, which may forward its cases, else every active admin, so a new case or an escalation
 * never goes nowhere. The warning names the department, never a person.
 */
async function notifyInstead(departmentCode: string, messages: LocalizedMessages, topic: string, dedupeKey?: string): Promise<number> {
  const department = await DepartmentModel.findOne({ code: departmentCode }).lean();
  const centre = await complaintCentre();
  const centreChats = centre && centre.code !== departmentCode ? await departmentChats(centre.code) : undefined;
  const reader: Reader = centreChats ? 'complaintCentre' : 'admins';
  const withNote = (t: Translate, lang: Lang): Message[] => {
    const built = build(messages, lang, reader);
    // Callers leave room for the line; one that filled a push keeps its messages whole.
    if (built.length >= LINE_LIMITS.messagesPerCall) return built;
    const note = insteadNote(t, localized(department?.name, lang) || departmentCode, reader, Boolean(centre && centre.code !== departmentCode));
    return [{ type: 'text', text: note }, ...built];
  };
  const key = keyFor(dedupeKey, 'instead');
  let sent = 0;
  if (centreChats && 'group' in centreChats) sent = (await enqueuePush({ to: centreChats.group, messages: withNote(translator('th'), 'th'), topic, dedupeKey: keyFor(key, 'group') })) ? 1 : 0;
  else if (centreChats) sent = await pushToUsers(centreChats.officers, withNote, topic, key, reader);
  else sent = await pushToUsers((await activeOfficersWithRole('admin')).map((a) => a.lineUserId), withNote, topic, key, reader);
  logger.warn({ departmentCode, topic, toldInstead: centreChats ? 'complaint-centre' : sent > 0 ? 'admins' : 'nobody' }, 'department has no LINE group and no active officer');
  return sent;
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
