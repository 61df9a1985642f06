import { flowAnswerValue } from '../../conversation/engine';
import { defineFlow, DONE } from '../../conversation/flow';
import type { BotContext } from '../../line/context';
import type { BotInput } from '../../line/input';
import { forbidden, userInput } from '../../shared/errors';
import { forwardCase } from '../complaints/complaints.service';
import type { ComplaintDoc } from '../complaints/complaint.model';
import { typedForm } from '../complaints/typed-words';
import { DepartmentModel, localized } from '../departments/department.model';
import { actorOf, assertAccess, loadCase, requireOfficer, type ActiveOfficer } from './case-access';
import { FLOW_IDS, replyDone, type CaseFlowAnswers } from './case-flow';
import { notifyForwarded, tellHolderActedOn } from './case-notify';
import { answerItem, ask, parseNote, REASON_MIN } from './flow-steps';

const PING_PONG_MS = 24 * 3_600_000;
/** Departments per page: 13 quick replies less "more" and "cancel". */
export const TARGETS_PER_PAGE = 11;
const PAGE_VALUE = /^page:(\d{1,3})$/;

type Department = Awaited<ReturnType<typeof forwardTargets>>[number];

/**
 * The ping-pong guard: sending a case back to the department it came from within 24 hours of
 * the forward needs a head. Returns the refusal, or undefined.
 */
export function pingPongProblem(officer: Pick<ActiveOfficer, 'roles'>, doc: Pick<ComplaintDoc, 'forwards' | 'departmentCode'>, toDepartmentCode: string, now: Date) {
  const last = doc.forwards[doc.forwards.length - 1];
  if (!last || last.toDepartmentCode !== doc.departmentCode || last.fromDepartmentCode !== toDepartmentCode) return undefined;
  if (now.getTime() - new Date(last.at).getTime() >= PING_PONG_MS) return undefined;
  if (officer.roles.includes('head')) return undefined;
  return last;
}

/** Every active department but the case's own, in display order. */
async function forwardTargets(doc: { departmentCode: string }) {
  return DepartmentModel.find({ active: true, code: { $ne: doc.departmentCode } })
    .sort({ sortOrder: 1, code: 1 })
    .lean();
}

/** One page of departments as quick replies; "more" leads to the next page, from the last back to the first. */
function departmentPage(ctx: BotContext, targets: Department[], page: number) {
  const pages = Math.ceil(targets.length / TARGETS_PER_PAGE);
  const shown = page < pages ? page : 0;
  const items = targets.slice(shown * TARGETS_PER_PAGE, (shown + 1) * TARGETS_PER_PAGE).map((d) => answerItem(FLOW_IDS.forward, 'department', localized(d.name, ctx.lang), d.code));
  if (pages > 1) {
    const next = (shown + 1) % pages;
    items.push(answerItem(FLOW_IDS.forward, 'department', ctx.t(next === 0 ? 'officers.forward.firstPage' : 'officers.forward.morePages'), `page:${next}`));
  }
  return items;
}

/**
 * The department code a tap or a typed name chooses (LINE for PC shows no quick replies), read as
 * the complaint dialogs read typed labels ("กองช่างครับ" is กองช่าง).
 */
function chosenCode(input: BotInput, targets: Department[]): string | undefined {
  const tapped = flowAnswerValue(input, 'department');
  if (tapped) return tapped;
  if (input.kind !== 'text') return undefined;
  const typed = typedForm(input.text);
  const names = (d: Department) => [d.code, d.name.th, d.name.en, d.name.my].filter((n): n is string => Boolean(n)).map(typedForm);
  return typed ? targets.find((d) => names(d).includes(typed))?.code : undefined;
}

/**
 * A forward this officer already made with these very answers: the event is being handled again
 * after a failure between the forward and its notification. The case now belongs to the target
 * department, so authorising again would refuse; the notification is sent again instead (its
 * dedupe key makes that safe).
 */
export function isReplayedForward(doc: Pick<ComplaintDoc, 'forwards' | 'departmentCode'>, officer: Pick<ActiveOfficer, 'lineUserId'>, answers: Pick<CaseFlowAnswers, 'to' | 'note'>): boolean {
  const last = doc.forwards[doc.forwards.length - 1];
  return Boolean(last && last.by?.id === officer.lineUserId && last.toDepartmentCode === answers.to && doc.departmentCode === answers.to && last.reason === answers.note);
}

/** Checks the choice again and forwards; returns the case before and after. */
async function forward(ctx: BotContext, officer: ActiveOfficer, doc: ComplaintDoc, a: CaseFlowAnswers) {
  assertAccess(ctx, officer, doc, 'forward');
  const to = a.to ?? '';
  const target = await DepartmentModel.findOne({ code: to, active: true }).lean();
  if (!target || to === doc.departmentCode) throw userInput('officers.errors.sameDepartment');
  if (pingPongProblem(officer, doc, to, ctx.now)) throw forbidden('officers.errors.pingPong', { department: localized(target.name, ctx.lang) });
  return forwardCase(a.caseId, actorOf(officer), { toDepartmentCode: to, reason: a.note ?? '' }, ctx.now);
}

export const forwardFlow = defineFlow<CaseFlowAnswers>({
  id: FLOW_IDS.forward,
  version: 1,
  titleKey: 'officers.flows.forward',
  firstStep: () => 'department',
  steps: {
    department: {
      async prompt(ctx, a) {
        const targets = await forwardTargets(await loadCase(a.caseId));
        if (targets.length === 0) return [{ type: 'text', text: ctx.t('officers.forward.noTarget') }];
        return [ask(ctx, ctx.t('officers.forward.askDepartment', { number: a.number }), departmentPage(ctx, targets, a.page ?? 0))];
      },
      async parse(input, a, ctx) {
        const [doc, officer] = await Promise.all([loadCase(a.caseId), requireOfficer(ctx)]);
        const targets = await forwardTargets(doc);
        const code = chosenCode(input, targets);
        const page = code ? PAGE_VALUE.exec(code) : null;
        if (page) return { ok: true, answers: { ...a, to: undefined, page: Number(page[1]) } };
        const target = targets.find((d) => d.code === code);
        if (!target) return { ok: false, reasonKey: code === doc.departmentCode ? 'officers.errors.sameDepartment' : 'officers.errors.chooseButton' };
        if (pingPongProblem(officer, doc, target.code, ctx.now)) return { ok: false, reasonKey: 'officers.errors.pingPong', params: { department: localized(target.name, ctx.lang) } };
        return { ok: true, answers: { ...a, to: target.code } };
      },
      // A page turn asks again, showing the next page.
      next: (a) => (a.to ? 'reason' : 'department'),
    },
    reason: {
      prompt: (ctx) => [ask(ctx, ctx.t('officers.forward.askReason'))],
      parse: (input, a) => parseNote(input, a, 'note', REASON_MIN),
      next: () => DONE,
    },
  },
  async onDone(ctx, a) {
    const officer = await requireOfficer(ctx);
    const before = await loadCase(a.caseId);
    const replay = isReplayedForward(before, officer, a);
    const updated = replay ? before : await forward(ctx, officer, before, a);
    await notifyForwarded(updated, ctx.now);
    const target = await DepartmentModel.findOne({ code: updated.departmentCode }).lean();
    const department = localized(target?.name, ctx.lang) || updated.departmentCode;
    // On a replay the holder is already cleared; in that rare case the old holder is not told.
    if (!replay) await tellHolderActedOn(before, officer, 'forward', updated.history.length, target?.name);
    replyDone(ctx, 'officers.forward.done', { number: a.number, department });
  },
});
