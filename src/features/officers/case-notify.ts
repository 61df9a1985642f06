import { createHash } from 'node:crypto';
import { buildCaseCarousel, buildNewCaseCard } from '../../../flex-messages/officers/case-cards';
import type { CaseCardView } from '../../../flex-messages/officers/views';
import type { Lang, Translate } from '../../i18n/languages';
import { LINE_LIMITS } from '../../line/limits';
import type { FlexMessage, Message } from '../../line/types';
import { onDomainEvent } from '../../shared/domain-events';
import { clock } from '../../shared/clock';
import { isTransition } from '../complaints/complaint-status';
import type { ComplaintDoc } from '../complaints/complaint.model';
import { localized } from '../departments/department.model';

type DepartmentName = Parameters<typeof localized>[0];
import { getCase } from '../complaints/complaints.service';
import { awaitingSince } from './case-queries';
import { cardViews, namesOf } from './case-view';
import { forwardAnswer, tellReopened } from './citizen-replies';
import { MESSAGES_PER_PUSH, notifyDepartment, notifyOfficer, READER_ACTIONS, type Reader } from './officer-notify';

/**
 * What officers are told about cases: a card to the department for each new or forwarded
 * case, a word to colleagues when someone takes it, a word to the holder when a head acts on
 * their case, and (citizen-replies.ts) what the citizen answers.
 */

/** The card with the buttons its reader may use: the complaint centre forwards, admins only read. */
function cardFor(view: CaseCardView, reader: Reader, t: Translate): FlexMessage {
  return buildNewCaseCard({ ...view, actions: [...READER_ACTIONS[reader]], offersDetail: reader !== 'admins' }, t);
}

/** Pushes the new-case card to the case's department (its group, or each officer). Once per case. */
export async function notifyNewCase(doc: ComplaintDoc, now: Date): Promise<void> {
  const views = cardViews(doc, await namesOf(doc), now);
  await notifyDepartment(doc.departmentCode, (t, lang, reader) => [cardFor(views[lang], reader, t)], 'officers.newCase', `newcase:${String(doc._id)}`);
}

/** Pushes the forwarded-case card to the department the case was just forwarded to. */
export async function notifyForwarded(doc: ComplaintDoc, now: Date): Promise<void> {
  const views = cardViews(doc, await namesOf(doc), now, 'forwarded');
  await notifyDepartment(doc.departmentCode, (t, lang, reader) => [cardFor(views[lang], reader, t)], 'officers.forwarded', `forward:${String(doc._id)}:${doc.forwards.length}`);
}

/**
 * Tells the department's other officers who took the case (the one who did is answered
 * directly; `pressedIn`: the group the button was pressed in, which read it already). Keyed by
 * the history entry, so a take-over after a revocation is told too.
 */
export async function notifyTaken(doc: ComplaintDoc, acceptedBy: { lineUserId: string; name: string }, pressedIn?: string): Promise<void> {
  const text = (body: string): Message[] => [{ type: 'text', text: body }];
  await notifyDepartment(doc.departmentCode, (t) => text(t('officers.accept.takenByOther', { number: doc.number, name: acceptedBy.name })), 'officers.caseTaken', `taken:${String(doc._id)}:${doc.history.length}`, {
    exclude: [acceptedBy.lineUserId],
    skipGroup: pressedIn,
  });
}

/** Cards per carousel (LINE's most). */
const CARDS_PER_CAROUSEL = LINE_LIMITS.carouselBubbles;

/**
 * Which return of which cases a push announces: each case with the moment it came back. A rerun
 * of the same revocation finds the same cases and returns, so a department already told is not
 * told again; a case back again later (another holder left) is news.
 */
function returnDigest(docs: ComplaintDoc[]): string {
  const returns = docs.map((d) => `${String(d._id)}@${new Date(awaitingSince(d)).toISOString()}`).sort();
  return createHash('sha256').update(returns.join(',')).digest('hex').slice(0, 32);
}

/**
 * A revoked officer's open cases, back with their departments: per department, a line saying
 * whose cases came back, then the cases as cards with "รับเรื่อง" (12 to a carousel), or the
 * buttons of whoever is told instead. Keyed by the cases and when they came back (returnDigest),
 * never by when this runs.
 */
export async function notifyReturned(cases: ComplaintDoc[], formerHolder: string, now: Date): Promise<void> {
  const byDepartment = new Map<string, ComplaintDoc[]>();
  for (const doc of cases) byDepartment.set(doc.departmentCode, [...(byDepartment.get(doc.departmentCode) ?? []), doc]);
  for (const [departmentCode, docs] of byDepartment) {
    const views = await Promise.all(docs.map(async (doc) => cardViews(doc, await namesOf(doc), now, 'returned')));
    const build = (t: Translate, lang: Lang, reader: Reader): Message[] => {
      const cards = views.map((v) => cardFor(v[lang], reader, t));
      const carousels: Message[] = [];
      for (let i = 0; i < cards.length; i += CARDS_PER_CAROUSEL) carousels.push(buildCaseCarousel(t('officers.notify.returnedAlt', { count: docs.length }), cards.slice(i, i + CARDS_PER_CAROUSEL)));
      const line = t('officers.notify.returned', { name: formerHolder, count: docs.length });
      // Whoever is told instead reads what to do in the line before this one.
      return [{ type: 'text', text: reader === 'department' ? `${line} ${t('officers.notify.pressAccept')}` : line }, ...carousels];
    };
    const key = `returned:${departmentCode}:${returnDigest(docs)}`;
    // The line, then one carousel per CARDS_PER_CAROUSEL cases.
    const pushes = Math.ceil((1 + Math.ceil(docs.length / CARDS_PER_CAROUSEL)) / MESSAGES_PER_PUSH);
    for (let p = 0; p < pushes; p += 1) {
      await notifyDepartment(departmentCode, (t, lang, reader) => build(t, lang, reader).slice(p * MESSAGES_PER_PUSH, (p + 1) * MESSAGES_PER_PUSH), 'officers.returned', `${key}:${p}`);
    }
  }
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
    if (isTransition('answer', from, to)) await forwardAnswer(caseId);
    else if (isTransition('reopen', from, to)) await tellReopened(caseId, at);
  });
}
