import { flowAnswer, flowAnswerValue } from '../../conversation/engine';
import { defineFlow, DONE, type FlowDefinition } from '../../conversation/flow';
import type { BotContext } from '../../line/context';
import type { QuickReplyItem } from '../../line/types';
import type { CaseAction } from '../../../flex-messages/officers/views';
import { formatDate, addDays, startOfBangkokDay, bangkok } from '../../shared/dates';
import { forbidden, userInput } from '../../shared/errors';
import { DepartmentModel, localized } from '../departments/department.model';
import { addProgress, askCitizen, forwardCase, referCase, resolveCase } from '../complaints/complaints.service';
import type { ComplaintDoc } from '../complaints/complaint.model';
import { discardPhotos, type PhotoRef } from '../photos/photos.service';
import { actorOf, assertAccess, loadCase, requireOfficer, type ActiveOfficer } from './case-access';
import { notifyForwarded } from './case-notify';
import { saveDelay } from './case-delay.model';
import { isOverdue } from './case-view';
import { tellCitizensOfDelay } from './deadlines.job';
import { absorbPhotos, answerItem, ask, noteStep, parseNote, photosStep, REASON_MIN } from './flow-steps';

/** What every case flow remembers: the case, its number (for prompts) and the officer's input. */
export interface CaseFlowAnswers {
  caseId: string;
  number: string;
  note?: string;
  photos?: PhotoRef[];
  /** forward: the department chosen. */
  to?: string;
  /** delayReason: the expected completion date, YYYY-MM-DD in Bangkok. */
  expected?: string;
}

export const FLOW_IDS = {
  update: 'officers.update',
  ask: 'officers.ask',
  forward: 'officers.forward',
  resolve: 'officers.resolve',
  refer: 'officers.refer',
  delayReason: 'officers.delayReason',
} as const satisfies Partial<Record<CaseAction, string>>;

const PING_PONG_MS = 24 * 3_600_000;

/** Re-checks, when the flow finishes, what was checked when the button was pressed. */
async function authorise(ctx: BotContext, caseId: string, action: CaseAction): Promise<{ officer: ActiveOfficer; doc: ComplaintDoc }> {
  const officer = await requireOfficer(ctx);
  const doc = await loadCase(caseId);
  assertAccess(ctx, officer, doc, action);
  return { officer, doc };
}

const done = (ctx: BotContext, key: string, params: Record<string, unknown>) => ctx.reply({ type: 'text', text: ctx.t(key, params) });

export const updateFlow = defineFlow<CaseFlowAnswers>({
  id: FLOW_IDS.update,
  version: 1,
  titleKey: 'officers.flows.update',
  firstStep: () => 'note',
  steps: { note: noteStep('officers.update.askNote', 'note'), photos: photosStep(FLOW_IDS.update, 'officers.update.askPhotos', false) },
  absorb: absorbPhotos(FLOW_IDS.update),
  async onDone(ctx, a) {
    const { officer } = await authorise(ctx, a.caseId, 'update');
    await addProgress(a.caseId, actorOf(officer), { note: a.note ?? '', photos: a.photos ?? [] }, ctx.now);
    done(ctx, 'officers.update.done', { number: a.number });
  },
  onAbandon: (a) => discardPhotos(a.photos),
});

export const askFlow = defineFlow<CaseFlowAnswers>({
  id: FLOW_IDS.ask,
  version: 1,
  titleKey: 'officers.flows.ask',
  firstStep: () => 'question',
  steps: { question: noteStep('officers.ask.askQuestion', 'note') },
  async onDone(ctx, a) {
    const { officer } = await authorise(ctx, a.caseId, 'ask');
    await askCitizen(a.caseId, actorOf(officer), { question: a.note ?? '' }, ctx.now);
    done(ctx, 'officers.ask.done', { number: a.number });
  },
});

export const resolveFlow = defineFlow<CaseFlowAnswers>({
  id: FLOW_IDS.resolve,
  version: 1,
  titleKey: 'officers.flows.resolve',
  firstStep: () => 'note',
  steps: { note: noteStep('officers.resolve.askNote', 'note'), photos: photosStep(FLOW_IDS.resolve, 'officers.resolve.askPhotos', true, 'officers.errors.needAfterPhoto') },
  absorb: absorbPhotos(FLOW_IDS.resolve),
  async onDone(ctx, a) {
    if ((a.photos?.length ?? 0) === 0) throw userInput('officers.errors.needAfterPhoto');
    const { officer } = await authorise(ctx, a.caseId, 'resolve');
    await resolveCase(a.caseId, actorOf(officer), { note: a.note ?? '', photos: a.photos ?? [] }, ctx.now);
    done(ctx, 'officers.resolve.done', { number: a.number });
  },
  onAbandon: (a) => discardPhotos(a.photos),
});

export const referFlow = defineFlow<CaseFlowAnswers>({
  id: FLOW_IDS.refer,
  version: 1,
  titleKey: 'officers.flows.refer',
  firstStep: () => 'note',
  steps: { note: noteStep('officers.refer.askNote', 'note', REASON_MIN) },
  async onDone(ctx, a) {
    const { officer } = await authorise(ctx, a.caseId, 'refer');
    await referCase(a.caseId, actorOf(officer), { note: a.note ?? '' }, ctx.now);
    done(ctx, 'officers.refer.done', { number: a.number });
  },
});

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

async function forwardTargets(doc: { departmentCode: string }) {
  return DepartmentModel.find({ active: true, code: { $ne: doc.departmentCode } })
    .sort({ sortOrder: 1, code: 1 })
    .limit(12)
    .lean();
}

export const forwardFlow = defineFlow<CaseFlowAnswers>({
  id: FLOW_IDS.forward,
  version: 1,
  titleKey: 'officers.flows.forward',
  firstStep: () => 'department',
  steps: {
    department: {
      async prompt(ctx, a) {
        const doc = await loadCase(a.caseId);
        const targets = await forwardTargets(doc);
        if (targets.length === 0) return [{ type: 'text', text: ctx.t('officers.forward.noTarget') }];
        return [ask(ctx, ctx.t('officers.forward.askDepartment', { number: a.number }), targets.map((d) => answerItem(FLOW_IDS.forward, 'department', localized(d.name, ctx.lang), d.code)))];
      },
      async parse(input, a, ctx) {
        const code = flowAnswerValue(input, 'department');
        if (!code) return { ok: false, reasonKey: 'officers.errors.chooseButton' };
        const [doc, officer, target] = await Promise.all([loadCase(a.caseId), requireOfficer(ctx), DepartmentModel.findOne({ code, active: true }).lean()]);
        if (!target) return { ok: false, reasonKey: 'officers.errors.chooseButton' };
        if (target.code === doc.departmentCode) return { ok: false, reasonKey: 'officers.errors.sameDepartment' };
        if (pingPongProblem(officer, doc, target.code, ctx.now)) return { ok: false, reasonKey: 'officers.errors.pingPong', params: { department: localized(target.name, ctx.lang) } };
        return { ok: true, answers: { ...a, to: target.code } };
      },
    },
    reason: {
      prompt: (ctx) => [ask(ctx, ctx.t('officers.forward.askReason'))],
      parse: (input, a) => parseNote(input, a, 'note', REASON_MIN),
      next: () => DONE,
    },
  },
  async onDone(ctx, a) {
    const { officer, doc } = await authorise(ctx, a.caseId, 'forward');
    const to = a.to ?? '';
    const target = await DepartmentModel.findOne({ code: to, active: true }).lean();
    if (!target || to === doc.departmentCode) throw userInput('officers.errors.sameDepartment');
    if (pingPongProblem(officer, doc, to, ctx.now)) throw forbidden('officers.errors.pingPong', { department: localized(target.name, ctx.lang) });
    const updated = await forwardCase(a.caseId, actorOf(officer), { toDepartmentCode: to, reason: a.note ?? '' }, ctx.now);
    await notifyForwarded(updated as ComplaintDoc, ctx.now);
    done(ctx, 'officers.forward.done', { number: a.number, department: localized(target.name, ctx.lang) });
  },
});

const DELAY_CHOICES = [3, 7, 15];

/** YYYY-MM-DD of a Bangkok day. */
const dayKey = (date: Date) => bangkok(date).format('YYYY-MM-DD');

export const delayReasonFlow = defineFlow<CaseFlowAnswers>({
  id: FLOW_IDS.delayReason,
  version: 1,
  titleKey: 'officers.flows.delayReason',
  firstStep: () => 'reason',
  steps: {
    reason: noteStep('officers.delay.askReason', 'note', REASON_MIN),
    date: {
      prompt: (ctx) => {
        const items = DELAY_CHOICES.map((days) => answerItem(FLOW_IDS.delayReason, 'date', ctx.t('officers.delay.inDays', { count: days }), dayKey(addDays(ctx.now, days))));
        const picker: QuickReplyItem = {
          type: 'action',
          action: { type: 'datetimepicker', label: ctx.t('officers.delay.pickDate'), data: flowAnswer(FLOW_IDS.delayReason, 'date', 'picked'), mode: 'date', min: dayKey(addDays(ctx.now, 1)) },
        };
        return [ask(ctx, ctx.t('officers.delay.askDate'), [...items, picker])];
      },
      parse: (input, a, ctx) => {
        const value = flowAnswerValue(input, 'date');
        const picked = value === 'picked' && input.kind === 'postback' ? input.params.date : value;
        if (!picked || !/^\d{4}-\d{2}-\d{2}$/.test(picked)) return { ok: false, reasonKey: 'officers.errors.chooseButton' };
        const at = startOfBangkokDay(bangkok(`${picked}T12:00:00+07:00`).toDate());
        if (at.getTime() <= startOfBangkokDay(ctx.now).getTime()) return { ok: false, reasonKey: 'officers.errors.badDate' };
        return { ok: true, answers: { ...a, expected: picked } };
      },
      next: () => DONE,
    },
  },
  async onDone(ctx, a) {
    const { officer, doc } = await authorise(ctx, a.caseId, 'delayReason');
    const expectedAt = bangkok(`${a.expected}T12:00:00+07:00`).toDate();
    await saveDelay(a.caseId, { reason: a.note ?? '', expectedAt, by: officer.lineUserId, at: ctx.now });
    // Already late: the citizen hears the explanation now rather than at the next deadline.
    if (isOverdue(doc, ctx.now)) await tellCitizensOfDelay(doc, ctx.now, `delay:${a.caseId}:${ctx.now.toISOString()}`);
    done(ctx, 'officers.delay.done', { number: a.number, date: formatDate(expectedAt, ctx.lang) });
  },
});

export const caseFlows: FlowDefinition<CaseFlowAnswers>[] = [updateFlow, askFlow, resolveFlow, referFlow, forwardFlow, delayReasonFlow];
