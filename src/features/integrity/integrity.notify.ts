import { buildIntegrityOfficerAlert } from '../../../flex-messages/integrity/officer';
import { translator } from '../../i18n';
import { encodePostback } from '../../line/postback';
import type { Message } from '../../line/types';
import { enqueuePush } from '../../notifications/outbox.service';
import { decrypt, type EncryptedValue } from '../../shared/crypto';
import { formatDate } from '../../shared/dates';
import { clock } from '../../shared/clock';
import { logger } from '../../shared/logger';
import { languageOf } from '../users/users.service';
import { logAccess } from './access-log';
import { activeIntegrityOfficers } from './integrity-role';
import type { IntegrityStatus } from './integrity-status';

/**
 * Pushes of the confidential channel. Officers get alerts with no content (a reference and a
 * button); the reporter, only if they asked, gets the new status and the public outcome text.
 */

export const VIEW_ACTION = 'integrity.view';

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

/** A deadline reminder (or an overdue notice) to integrity officers, once per report and threshold. */
export async function remindIntegrityOfficers(report: { id: string; reference: string; dueAt: Date }, daysLeft: number | 'overdue'): Promise<number> {
  const viewData = encodePostback(VIEW_ACTION, { id: report.id });
  const reason = daysLeft === 'overdue' ? 'overdue' : 'due';
  return alertIntegrityOfficers(
    (t, lang) => buildIntegrityOfficerAlert({ reference: report.reference, reason, dueDate: formatDate(report.dueAt, lang), daysLeft: daysLeft === 'overdue' ? 0 : daysLeft, viewData }, t),
    'integrity.reminder',
    `integrity.due:${report.id}:${daysLeft}`,
    report.id,
  );
}

interface NotifiableReport {
  _id: unknown;
  reference: string;
  notifyTo?: EncryptedValue | null;
  history: { to?: string | null; publicText?: string | null }[];
}

/** Tells the reporter the status the report moved to (history entry `index`), if they asked. */
export async function notifyReporterOfStatus(report: NotifiableReport, index: number): Promise<void> {
  if (!report.notifyTo) return;
  const entry = report.history[index];
  if (!entry?.to) return;
  const to = decrypt(report.notifyTo, report.reference);
  const t = translator(await languageOf(to));
  const lines = [t('integrity.notify.status', { reference: report.reference, status: t(`integrity.status.${entry.to as IntegrityStatus}`) })];
  if (entry.publicText) lines.push(t('integrity.notify.outcome', { text: entry.publicText }));
  lines.push(t('integrity.notify.howToTrack'));
  // Sealed: in plain, the entry would tie the reporter's LINE id to the report's reference.
  await enqueuePush({ to, messages: [{ type: 'text', text: lines.join('\n\n') }], topic: 'integrity.statusChanged', dedupeKey: `integrity.status:${String(report._id)}:${index}`, confidential: true });
}
