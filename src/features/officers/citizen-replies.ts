import { buildCaseNotice } from '../../../flex-messages/officers/case-cards';
import type { Lang, Translate } from '../../i18n/languages';
import type { ImageMessage, Message } from '../../line/types';
import { excerpt } from '../../shared/text';
import type { ComplaintDoc, HistoryEntry } from '../complaints/complaint.model';
import { getCase } from '../complaints/complaints.service';
import { hideContactNumbers, imageMessage } from './case-view';
import { MESSAGES_PER_PUSH, notifyDepartment, notifyOfficer, READER_ACTIONS, type Reader } from './officer-notify';
import { findActiveOfficer } from './officer.model';

/**
 * What the citizen does on a case (answers the officer's question, reopens it) reaches whoever
 * works on it: the holder, or, when nobody active holds it (the holder was revoked), the
 * department, which must take it on.
 */

/** Builds the messages for the holder, or for a reader of the department's notice (contact numbers hidden). */
type Compose = (t: Translate, lang: Lang, reader: Reader | 'holder') => Message[];

/**
 * The holder when still an active officer, else the department. Each push is keyed, so a retried
 * event tells once. Who is told depends on who holds the case, never on whether the push was
 * queued: a re-run finds the holder's push already queued, and must not then send the citizen's
 * answer and photos to the whole department as if nobody held the case.
 */
async function tellWhoeverWorksOnIt(doc: ComplaintDoc, compose: Compose, topic: string, dedupeKey: string): Promise<void> {
  const holder = doc.holder?.id ? await findActiveOfficer(doc.holder.id) : null;
  if (holder) await notifyOfficer(holder.lineUserId, (t, lang) => compose(t, lang, 'holder'), topic, dedupeKey);
  else await notifyDepartment(doc.departmentCode, (t, lang, reader) => compose(t, lang, reader), topic, `${dedupeKey}:department`);
}

/**
 * The text for the holder; for the department, with a line asking to take the case and the
 * button that does it (the complaint centre gets its forward button; the line before the notice
 * says why).
 */
function notice(doc: ComplaintDoc, lines: string[], t: Translate, reader: Reader | 'holder'): Message {
  if (reader === 'holder') return { type: 'text', text: lines.join('\n') };
  const text = [...lines, ...(reader === 'department' ? [t('officers.ask.answerNoHolder')] : [])].join('\n');
  return buildCaseNotice({ caseId: String(doc._id), text, actions: [...READER_ACTIONS[reader]] }, t);
}

/** The photos in pushes of MESSAGES_PER_PUSH (officer-notify): 3 with the text first, then 4 a push. */
function photoBatches(images: ImageMessage[]): ImageMessage[][] {
  const first = MESSAGES_PER_PUSH - 1;
  const batches = [images.slice(0, first)];
  for (let i = first; i < images.length; i += MESSAGES_PER_PUSH) batches.push(images.slice(i, i + MESSAGES_PER_PUSH));
  return batches;
}

function answerLines(doc: ComplaintDoc, answer: HistoryEntry, t: Translate, forHolder: boolean): string[] {
  const note = answer.note ? excerpt(forHolder ? answer.note : hideContactNumbers(answer.note), 1000) : '';
  const lines = [note ? t('officers.ask.answerArrived', { number: doc.number, answer: note }) : t('officers.ask.answerArrivedNoText', { number: doc.number })];
  if (answer.photos.length > 0) lines.push(t('officers.ask.answerPhotos', { count: answer.photos.length }));
  return lines;
}

/** The citizen's answer to the officer's question, with its photos as images: the latest `answer` entry. */
export async function forwardAnswer(caseId: string): Promise<void> {
  const doc = (await getCase(caseId)) as ComplaintDoc | null;
  const answer = doc && [...doc.history].reverse().find((h) => h.kind === 'answer');
  if (!doc || !answer) return;
  const key = `answer:${caseId}:${new Date(answer.at).toISOString()}`;
  const images = answer.photos.map((p) => imageMessage(p.fileId)).filter((m): m is ImageMessage => Boolean(m));
  for (const [i, batch] of photoBatches(images).entries()) {
    if (i > 0 && batch.length === 0) continue;
    const compose: Compose = (t, _lang, reader) => (i === 0 ? [notice(doc, answerLines(doc, answer, t, reader === 'holder'), t, reader), ...batch] : batch);
    await tellWhoeverWorksOnIt(doc, compose, 'officers.citizenAnswered', i === 0 ? key : `${key}:${i}`);
  }
}

/** A resolved case the citizen reopened goes back to whoever works on it. */
export async function tellReopened(caseId: string, at: Date): Promise<void> {
  const doc = (await getCase(caseId)) as ComplaintDoc | null;
  if (!doc) return;
  const compose: Compose = (t, _lang, reader) => [notice(doc, [t('officers.notify.reopened', { number: doc.number })], t, reader)];
  await tellWhoeverWorksOnIt(doc, compose, 'officers.reopened', `reopened:${caseId}:${at.toISOString()}`);
}
