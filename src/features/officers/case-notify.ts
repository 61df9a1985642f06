import { buildNewCaseCard } from '../../../flex-messages/officers/case-cards';
import type { Lang, Translate } from '../../i18n/languages';
import type { Message } from '../../line/types';
import { onDomainEvent } from '../../shared/domain-events';
import { clock } from '../../shared/clock';
import { excerpt } from '../../shared/text';
import type { ComplaintDoc } from '../complaints/complaint.model';
import { localized } from '../departments/department.model';

type DepartmentName = Parameters<typeof localized>[0];
import { getCase } from '../complaints/complaints.service';
import { cardViews, namesOf } from './case-view';
import { notifyDepartment, notifyOfficer } from './officer-notify';

/**
 * What officers are told about cases: a card to the department for each new or forwarded
 * case, a word to colleagues when someone takes it, and the citizen's answer to the holder.
 */

/** Pushes the new-case card to the case's department (its group, or each officer). Once per case. */
export async function notifyNewCase(doc: ComplaintDoc, now: Date): Promise<void> {
  const views = cardViews(doc, await namesOf(doc), now);
  await notifyDepartment(doc.departmentCode, (t, lang) => [buildNewCaseCard(views[lang], t)], 'officers.newCase', `newcase:${String(doc._id)}`);
}

/** Pushes the forwarded-case card to the department the case was just forwarded to. */
export async function notifyForwarded(doc: ComplaintDoc, now: Date): Promise<void> {
  const views = cardViews(doc, await namesOf(doc), now, true);
  await notifyDepartment(doc.departmentCode, (t, lang) => [buildNewCaseCard(views[lang], t)], 'officers.forwarded', `forward:${String(doc._id)}:${doc.forwards.length}`);
}

/** Tells the department's other officers who took the case (the one who did is answered directly). */
export async function notifyTaken(doc: ComplaintDoc, acceptedBy: { lineUserId: string; name: string }): Promise<void> {
  const text = (body: string): Message[] => [{ type: 'text', text: body }];
  await notifyDepartment(doc.departmentCode, (t) => text(t('officers.accept.takenByOther', { number: doc.number, name: acceptedBy.name })), 'officers.caseTaken', `taken:${String(doc._id)}:${doc.acceptedAt?.toISOString() ?? ''}`, {
    exclude: [acceptedBy.lineUserId],
  });
}

/** The actions on a case that its holder hears of when somebody else (a head) takes them. */
export type ActedOnAction = 'update' | 'ask' | 'forward' | 'resolve' | 'refer';

/**
 * When a head acts on a case another officer holds, the holder is told, so nobody works on a
 * case that was closed or sent away behind their back. `historyLength` (after the change) keys
 * the push: a retried event tells once. `department`: where a forward sent it.
 */
export async function tellHolderActedOn(before: ComplaintDoc, actor: { lineUserId: string; name: string }, action: ActedOnAction, historyLength: number, department?: DepartmentName): Promise<void> {
  const holderId = before.holder?.id;
  if (!holderId || holderId === actor.lineUserId) return;
  const text = (t: Translate, lang: Lang) => t(`officers.notify.actedOn.${action}`, { name: actor.name, number: before.number, department: localized(department, lang) });
  await notifyOfficer(holderId, (t, lang) => [{ type: 'text', text: text(t, lang) }], 'officers.actedOn', `acted:${String(before._id)}:${historyLength}`);
}

/** The citizen's answer to the holder's question: the latest `answer` entry of the history. */
async function forwardAnswer(caseId: string): Promise<void> {
  const doc = (await getCase(caseId)) as ComplaintDoc | null;
  if (!doc?.holder?.id) return;
  const answer = [...doc.history].reverse().find((h) => h.kind === 'answer');
  const at = answer?.at ? new Date(answer.at).toISOString() : String(doc.history.length);
  await notifyOfficer(
    doc.holder.id,
    (t) => [{ type: 'text', text: answer?.note ? t('officers.ask.answerArrived', { number: doc.number, answer: excerpt(answer.note, 1000) }) : t('officers.ask.answerArrivedNoText', { number: doc.number }) }],
    'officers.citizenAnswered',
    `answer:${caseId}:${at}`,
  );
}

/** A resolved case the citizen reopened goes back to its holder. */
async function tellReopened(caseId: string, at: Date): Promise<void> {
  const doc = (await getCase(caseId)) as ComplaintDoc | null;
  if (!doc?.holder?.id) return;
  await notifyOfficer(doc.holder.id, (t) => [{ type: 'text', text: t('officers.notify.reopened', { number: doc.number }) }], 'officers.reopened', `reopened:${caseId}:${at.toISOString()}`);
}

let subscribed = false;

/**
 * Subscribes to the complaints' domain events, once per process however many runtimes call
 * register() (tests start several bots in one process).
 */
export function subscribeCaseEvents(): void {
  if (subscribed) return;
  subscribed = true;
  onDomainEvent('complaint.filed', async ({ caseId }) => {
    const doc = (await getCase(caseId)) as ComplaintDoc | null;
    if (doc) await notifyNewCase(doc, clock.now());
  });
  onDomainEvent('complaint.statusChanged', async ({ caseId, from, to, at }) => {
    if (from === 'waiting_citizen' && to === 'in_progress') await forwardAnswer(caseId);
    else if (from === 'resolved' && to === 'in_progress') await tellReopened(caseId, at);
  });
}
