import { createHash } from 'node:crypto';
import type { Lang, Translate } from '../../i18n/languages';
import { formatDate } from '../../shared/dates';
import { localized } from '../departments/department.model';
import type { ComplaintDoc } from '../complaints/complaint.model';
import { notifyHeads } from './officer-notify';

/**
 * Escalations to heads, one message per department per job run: ten late cases make one push
 * to each head, not ten (the push quota is the municipality's money, and a head's phone ringing
 * ten times is noise).
 */

/** A case a department's heads must hear about: not accepted in time, or past its due date. */
export interface Escalation {
  doc: ComplaintDoc;
  kind: 'unaccepted' | 'overdue';
  /** The deadline point's key (what makes a resend a duplicate). */
  key: string;
  category: Parameters<typeof localized>[0];
}

/** Lines listed in one digest; the rest are counted and the head is pointed to "เลยกำหนด". */
export const DIGEST_MAX_LINES = 15;

function line(e: Escalation, t: Translate, lang: Lang, acceptWithinDays: number, single: boolean): string {
  const params = {
    number: e.doc.number,
    category: localized(e.category, lang) || e.doc.categoryCode,
    due: formatDate(e.doc.dueAt, lang),
    days: acceptWithinDays,
    holder: e.doc.holder?.name ?? t('officers.card.noHolder'),
  };
  if (single) return t(e.kind === 'overdue' ? 'officers.notify.overdueHead' : 'officers.notify.unaccepted', params);
  return t(e.kind === 'overdue' ? 'officers.notify.digestOverdue' : 'officers.notify.digestUnaccepted', params);
}

/** The message for a department's heads: the usual sentence for one case, a list for several. */
export function escalationText(items: Escalation[], t: Translate, lang: Lang, acceptWithinDays: number): string {
  if (items.length === 1) return line(items[0], t, lang, acceptWithinDays, true);
  const shown = items.slice(0, DIGEST_MAX_LINES).map((e) => line(e, t, lang, acceptWithinDays, false));
  const more = items.length > shown.length ? [t('officers.notify.digestMore', { count: items.length - shown.length })] : [];
  return [t('officers.notify.digestTitle', { count: items.length }), ...shown, ...more].join('\n');
}

/**
 * Sends one department's escalations to its heads as one message. The dedupe key is made of the
 * points' keys: the same set after a crash is not sent twice.
 */
export async function sendEscalations(departmentCode: string, items: Escalation[], acceptWithinDays: number): Promise<void> {
  const sorted = [...items].sort((a, b) => a.doc.dueAt.getTime() - b.doc.dueAt.getTime());
  const digest = createHash('sha256')
    .update(sorted.map((e) => e.key).sort().join('|'))
    .digest('hex')
    .slice(0, 32);
  await notifyHeads(departmentCode, (t, lang) => [{ type: 'text', text: escalationText(sorted, t, lang, acceptWithinDays) }], 'officers.escalation', `escalation:${departmentCode}:${digest}`);
}
