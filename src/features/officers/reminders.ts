import { createHash } from 'node:crypto';
import type { Lang, Translate } from '../../i18n/languages';
import { formatDate } from '../../shared/dates';
import { errorText, logger } from '../../shared/logger';
import { localized } from '../departments/department.model';
import type { ComplaintDoc } from '../complaints/complaint.model';
import { DIGEST_MAX_LINES } from './escalations';
import { notifyDepartment, notifyOfficer } from './officer-notify';

/**
 * Reminders before a case's due date, gathered per recipient: an officer holding eight cases
 * due this week gets one message listing them, not eight pushes (each push is counted against
 * the municipality's paid quota).
 */

/** One case's reminder: `daysLeft` calendar days before its due date (0: due today). */
export interface Reminder {
  doc: ComplaintDoc;
  /** The deadline point's key (what makes a resend a duplicate). */
  key: string;
  daysLeft: number;
  category: Parameters<typeof localized>[0];
}

function params(r: Reminder, lang: Lang) {
  return { number: r.doc.number, category: localized(r.category, lang) || r.doc.categoryCode, due: formatDate(r.doc.dueAt, lang), days: r.daysLeft };
}

/**
 * The usual sentence for one case; for several, a list, soonest due first. `mine` when the
 * reader holds the cases (they can list them with "งานของฉัน").
 */
export function reminderText(items: Reminder[], t: Translate, lang: Lang, mine: boolean): string {
  if (items.length === 1) {
    const [only] = items;
    return t(only.daysLeft === 0 ? 'officers.notify.dueToday' : 'officers.notify.dueSoon', params(only, lang));
  }
  const sorted = [...items].sort((a, b) => a.doc.dueAt.getTime() - b.doc.dueAt.getTime());
  const shown = sorted.slice(0, DIGEST_MAX_LINES).map((r) => t(r.daysLeft === 0 ? 'officers.notify.reminderDueToday' : 'officers.notify.reminderDueSoon', params(r, lang)));
  const hidden = items.length - shown.length;
  const more = hidden > 0 ? [t(mine ? 'officers.notify.reminderMoreMine' : 'officers.notify.reminderMore', { count: hidden })] : [];
  const delayHint = items.some((r) => r.daysLeft === 0) ? [t('officers.notify.reminderDelayHint')] : [];
  return [t('officers.notify.reminderTitle', { count: items.length }), ...shown, ...more, ...delayHint].join('\n');
}

/** The same set of cases to the same recipient is one message, even after a crash and a rerun. */
function dedupeKey(recipient: string, items: Reminder[]): string {
  const digest = createHash('sha256')
    .update(items.map((r) => r.key).sort().join('|'))
    .digest('hex')
    .slice(0, 32);
  return `reminder:${recipient}:${digest}`;
}

/** No LINE id in the log: the department and the case numbers say enough. */
function logFailure(cases: Reminder[], err: unknown): void {
  logger.error({ departmentCode: cases[0].doc.departmentCode, cases: cases.map((r) => r.doc.number), err: errorText(err) }, 'deadline reminders failed, left for the next run');
}

function groupBy(items: Reminder[], keyOf: (r: Reminder) => string): Map<string, Reminder[]> {
  const groups = new Map<string, Reminder[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
}

/**
 * Sends the reminders: to each case's holder, one message per holder; cases nobody holds (or
 * whose holder is no longer active) to their department, one message per department. Returns
 * the reminders that were queued; a recipient that failed is left for the next run.
 */
export async function sendReminders(items: Reminder[]): Promise<Reminder[]> {
  const queued: Reminder[] = [];
  const holderOf = (r: Reminder) => r.doc.holder?.id ?? '';
  const toDepartments = items.filter((r) => !holderOf(r));
  for (const [holderId, own] of groupBy(items.filter(holderOf), holderOf)) {
    try {
      const told = await notifyOfficer(holderId, (t, lang) => [{ type: 'text', text: reminderText(own, t, lang, true) }], 'officers.reminder', dedupeKey(`officer:${holderId}`, own));
      if (told) queued.push(...own);
      else toDepartments.push(...own);
    } catch (err) {
      logFailure(own, err);
    }
  }
  for (const [departmentCode, cases] of groupBy(toDepartments, (r) => r.doc.departmentCode)) {
    try {
      await notifyDepartment(departmentCode, (t, lang) => [{ type: 'text', text: reminderText(cases, t, lang, false) }], 'officers.reminder', dedupeKey(`department:${departmentCode}`, cases));
      queued.push(...cases);
    } catch (err) {
      logFailure(cases, err);
    }
  }
  return queued;
}
