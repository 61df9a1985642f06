import { translator } from '../../i18n';
import type { Message } from '../../line/types';
import { enqueuePush } from '../../notifications/outbox.service';
import { addDays, formatDate } from '../../shared/dates';
import { excerpt } from '../../shared/text';
import { canAct } from '../complaints/complaint-status';
import type { ComplaintDoc } from '../complaints/complaint.model';
import { languageOf } from '../users/users.service';
import { delayOf, type CaseDelay } from './case-delay.model';

/** Without the holder's own estimate, the citizen is told to expect the result this many days on. */
export const STANDARD_EXTENSION_DAYS = 7;

/**
 * The explanation of a delay: the holder's reason and date, or the standard notice with a new
 * date. While the officer waits for an answer only the owner can give, the owner is asked for it
 * (with the holder's reason first, when there is one); a follower ("me too") has nothing to answer
 * and gets the explanation alone.
 */
export function delayNotice(doc: Pick<ComplaintDoc, 'number' | 'delayReason' | 'status'>, delay: CaseDelay | null, now: Date, lang: Parameters<typeof formatDate>[1], forOwner: boolean): Message {
  const t = translator(lang);
  const reason = delay?.reason ?? doc.delayReason ?? undefined;
  const expected = delay && delay.expectedAt.getTime() > now.getTime() ? delay.expectedAt : addDays(now, STANDARD_EXTENSION_DAYS);
  const explanation = reason
    ? t('officers.notify.citizenDelay', { number: doc.number, reason: excerpt(reason, 500), date: formatDate(expected, lang) })
    : t('officers.notify.citizenDelayStandard', { number: doc.number, date: formatDate(expected, lang) });
  if (!forOwner || !canAct('answer', doc.status, 'citizen')) return { type: 'text', text: explanation };
  const text = reason ? `${explanation}\n${t('officers.notify.citizenDelayAnswer')}` : t('officers.notify.citizenDelayWaiting', { number: doc.number });
  return { type: 'text', text };
}

/** Tells the citizen who filed the case (and any "me too" followers) why it is late. */
export async function tellCitizensOfDelay(doc: ComplaintDoc, now: Date, dedupeKey: string): Promise<void> {
  const delay = await delayOf(String(doc._id));
  const people = [...new Set([doc.citizenId, ...(doc.followers ?? [])].filter((p): p is string => Boolean(p)))];
  for (const person of people) {
    const lang = await languageOf(person);
    const message = delayNotice(doc, delay, now, lang, person === doc.citizenId);
    await enqueuePush({ to: person, messages: [message], topic: 'officers.delayNotice', dedupeKey: `${dedupeKey}:${person}` });
  }
}
