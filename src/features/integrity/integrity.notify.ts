import { createHash } from 'node:crypto';
import { buildIntegrityAlertDigest, buildIntegrityOfficerAlert } from '../../../flex-messages/integrity/officer';
import { translator } from '../../i18n';
import type { Lang, Translate } from '../../i18n/languages';
import { encodePostback } from '../../line/postback';
import type { Message } from '../../line/types';
import { enqueuePush } from '../../notifications/outbox.service';
import { clock } from '../../shared/clock';
import { decrypt, type EncryptedValue } from '../../shared/crypto';
import { addDays, formatDate } from '../../shared/dates';
import { logger } from '../../shared/logger';
import { STANDARD_EXTENSION_DAYS } from '../officers/delay-notice';
import { DIGEST_MAX_LINES } from '../officers/escalations';
import { notifyOfficer } from '../officers/officer-notify';
import { languageOf } from '../users/users.service';
import { logAccess } from './access-log';
import { activeIntegrityOfficers } from './integrity-role';
import type { IntegrityStatus } from './integrity-status';

/**
 * Pushes of the confidential channel. Officers get alerts with no content (references and a
 * button); the reporter, only if they asked, gets the new status and the public outcome text,
 * and an explanation when the report runs past its due date. The reporter's pushes are sealed.
 */

export const VIEW_ACTION = 'integrity.view';
const LIST_ACTION = 'integrity.list';

type IntegrityOfficer = Awaited<ReturnType<typeof activeIntegrityOfficers>>[number];

async function alertIntegrityOfficers(build: (t: ReturnType<typeof translator>, lang: Parameters<typeof formatDate>[1]) => Message, topic: string, dedupePrefix: string, reportId: string): Promise<number> {
  const officers = await activeIntegrityOfficers();
  let queued = 0;
  for (const officer of officers) {
    const lang = await languageOf(officer.lineUserId);
    const sent = await enqueuePush({ to: officer.lineUserId, messages: [build(translator(lang), lang)], topic, dedupeKey: `${dedupePrefix}:${String(officer._id)}` });
    if (!sent) continue;
    queued += 1;
    // The alert puts the reference on the officer's phone: the access log says so.
    await logAccess({ officerId: String(officer._id), action: 'alert', reportId, at: clock.now() });
  }
  return queued;
}

/** "A new confidential report, reference …" to every active integrity officer (once per report). */
export async function notifyIntegrityOfficersOfNewReport(report: { reportId: string; reference: string }): Promise<void> {
  const officers = await activeIntegrityOfficers();
  if (officers.length === 0) {
    logger.warn({ reportId: report.reportId }, 'no active integrity officer in a legal-affairs department to notify of a confidential report');
    return;
  }
  const viewData = encodePostback(VIEW_ACTION, { id: report.reportId });
  await alertIntegrityOfficers((t) => buildIntegrityOfficerAlert({ reference: report.reference, reason: 'new', viewData }, t), 'integrity.new', `integrity.new:${report.reportId}`, report.reportId);
}

/** One report's deadline point, as officers are told of it. */
export interface DeadlineAlert {
  reportId: string;
  reference: string;
  dueAt: Date;
  reason: 'due' | 'dueToday' | 'overdue' | 'unaccepted';
  /** Days left ('due'). */
  daysLeft?: number;
  /** The deadline point's key: the same set is one message, even after a crash and a rerun. */
  key: string;
}

/** The usual alert for one report; for several, a list (soonest due first) with the list button. */
function deadlineMessage(items: DeadlineAlert[], titleKey: string, acceptDays: number, t: Translate, lang: Lang): Message {
  const params = (a: DeadlineAlert) => ({ reference: a.reference, date: formatDate(a.dueAt, lang), count: a.daysLeft ?? 0, days: acceptDays });
  if (items.length === 1) {
    const [a] = items;
    return buildIntegrityOfficerAlert({ reference: a.reference, reason: a.reason, dueDate: formatDate(a.dueAt, lang), daysLeft: a.daysLeft, acceptDays, viewData: encodePostback(VIEW_ACTION, { id: a.reportId }) }, t);
  }
  const sorted = [...items].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  const lines = sorted.slice(0, DIGEST_MAX_LINES).map((a) => t(`integrity.alert.line.${a.reason}`, params(a)));
  return buildIntegrityAlertDigest({ title: t(titleKey, { count: items.length }), lines, more: items.length - lines.length, listData: encodePostback(LIST_ACTION) }, t);
}

function digestKey(prefix: string, officer: IntegrityOfficer, items: DeadlineAlert[]): string {
  const keys = items.map((a) => a.key).sort().join('|');
  return `${prefix}:${String(officer._id)}:${createHash('sha256').update(keys).digest('hex').slice(0, 32)}`;
}

/** One message per officer, logged as a reminder with every report it names. */
async function sendDeadlineAlerts(officers: IntegrityOfficer[], items: DeadlineAlert[], kind: 'reminder' | 'escalation', acceptDays: number): Promise<void> {
  const titleKey = kind === 'reminder' ? 'integrity.alert.digestReminder' : 'integrity.alert.digestEscalation';
  for (const officer of officers) {
    await notifyOfficer(officer.lineUserId, (t, lang) => [deadlineMessage(items, titleKey, acceptDays, t, lang)], `integrity.${kind}`, digestKey(`integrity.${kind}`, officer, items));
    await logAccess({ officerId: String(officer._id), action: 'reminder', reportIds: items.map((a) => a.reportId), detail: kind, at: clock.now() });
  }
}

/** Reminders before due dates, to every integrity officer (reports have no single holder). */
export async function remindIntegrityOfficers(items: DeadlineAlert[]): Promise<void> {
  if (items.length === 0) return;
  await sendDeadlineAlerts(await activeIntegrityOfficers(), items, 'reminder', 0);
}

/**
 * Escalations (not taken up in time, past due) to the integrity head: an integrity officer with
 * the head role, or every integrity officer when none is head, so an escalation is never dropped.
 */
export async function escalateToIntegrityHeads(items: DeadlineAlert[], acceptDays: number): Promise<void> {
  if (items.length === 0) return;
  const officers = await activeIntegrityOfficers();
  const heads = officers.filter((o) => o.roles?.includes('head'));
  if (officers.length === 0) logger.warn({ reports: items.length }, 'no active integrity officer in a legal-affairs department to escalate to');
  await sendDeadlineAlerts(heads.length > 0 ? heads : officers, items, 'escalation', acceptDays);
}

interface NotifiableReport {
  _id: unknown;
  reference: string;
  notifyTo?: EncryptedValue | null;
  history: { to?: string | null; publicText?: string | null }[];
}

/** The reporter's LINE id and a translator in their language, when they asked to be told. */
async function reporterOf(report: { reference: string; notifyTo?: EncryptedValue | null }): Promise<{ to: string; t: Translate; lang: Lang } | undefined> {
  if (!report.notifyTo) return undefined;
  const to = decrypt(report.notifyTo, report.reference);
  const lang = await languageOf(to);
  return { to, t: translator(lang), lang };
}

/** Tells the reporter the status the report moved to (history entry `index`), if they asked. */
export async function notifyReporterOfStatus(report: NotifiableReport, index: number): Promise<void> {
  const entry = report.history[index];
  const reporter = entry?.to ? await reporterOf(report) : undefined;
  if (!reporter || !entry?.to) return;
  const { to, t } = reporter;
  const lines = [t('integrity.notify.status', { reference: report.reference, status: t(`integrity.status.${entry.to as IntegrityStatus}`) })];
  if (entry.publicText) lines.push(t('integrity.notify.outcome', { text: entry.publicText }));
  lines.push(t('integrity.notify.howToTrack'));
  // Sealed: in plain, the entry would tie the reporter's LINE id to the report's reference.
  await enqueuePush({ to, messages: [{ type: 'text', text: lines.join('\n\n') }], topic: 'integrity.statusChanged', dedupeKey: `integrity.status:${String(report._id)}:${index}`, confidential: true });
}

/**
 * Past due: the reporter who asked for notifications is told why and when to expect the outcome
 * (the complaints' standard extension), sealed like every push to a reporter.
 */
export async function tellReporterOfDelay(report: { id: string; reference: string; dueAt: Date; notifyTo?: EncryptedValue | null }, dueDays: number, now: Date): Promise<void> {
  const reporter = await reporterOf(report);
  if (!reporter) return;
  const { to, t, lang } = reporter;
  const text = [t('integrity.notify.delay', { reference: report.reference, days: dueDays, date: formatDate(addDays(now, STANDARD_EXTENSION_DAYS), lang) }), t('integrity.notify.howToTrack')].join('\n\n');
  await enqueuePush({ to, messages: [{ type: 'text', text }], topic: 'integrity.delayNotice', dedupeKey: `integrity.delay:${report.id}:${report.dueAt.toISOString()}`, confidential: true });
}
