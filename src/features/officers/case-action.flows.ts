import { flowAnswer, flowAnswerValue } from '../../conversation/engine';
import { defineFlow, DONE, type FlowDefinition } from '../../conversation/flow';
import type { QuickReplyItem } from '../../line/types';
import { formatDate, addDays, startOfBangkokDay, bangkok } from '../../shared/dates';
import { userInput } from '../../shared/errors';
import { addProgress, askCitizen, referCase, resolveCase } from '../complaints/complaints.service';
import { discardPhotos } from '../photos/photos.service';
import { actorOf } from './case-access';
import { authorise, FLOW_IDS, replyDone, type CaseFlowAnswers } from './case-flow';
import { tellHolderActedOn } from './case-notify';
import { saveDelay } from './case-delay.model';
import { isOverdue } from './case-view';
import { tellCitizensOfDelay } from './delay-notice';
import { absorbPhotos, answerItem, ask, noteStep, photosStep, REASON_MIN } from './flow-steps';
import { forwardFlow } from './forward.flow';

/**
 * The short dialogs behind the case buttons (forward has its own file). Each finishes by
 * authorising again, acting through the complaints service, and telling the holder when
 * someone else (a head) acted on their case.
 */

export const updateFlow = defineFlow<CaseFlowAnswers>({
  id: FLOW_IDS.update,
  version: 1,
  titleKey: 'officers.flows.update',
  firstStep: () => 'note',
  steps: { note: noteStep('officers.update.askNote', 'note'), photos: photosStep(FLOW_IDS.update, 'officers.update.askPhotos', false) },
  absorb: absorbPhotos(FLOW_IDS.update),
  async onDone(ctx, a) {
    const { officer, doc } = await authorise(ctx, a.caseId, 'update');
    const updated = await addProgress(a.caseId, actorOf(officer), { note: a.note ?? '', photos: a.photos ?? [] }, ctx.now);
    await tellHolderActedOn(doc, officer, 'update', updated.history.length);
    replyDone(ctx, 'officers.update.done', { number: a.number });
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
    const { officer, doc } = await authorise(ctx, a.caseId, 'ask');
    const updated = await askCitizen(a.caseId, actorOf(officer), { question: a.note ?? '' }, ctx.now);
    await tellHolderActedOn(doc, officer, 'ask', updated.history.length);
    replyDone(ctx, 'officers.ask.done', { number: a.number });
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
    const { officer, doc } = await authorise(ctx, a.caseId, 'resolve');
    const updated = await resolveCase(a.caseId, actorOf(officer), { note: a.note ?? '', photos: a.photos ?? [] }, ctx.now);
    await tellHolderActedOn(doc, officer, 'resolve', updated.history.length);
    replyDone(ctx, 'officers.resolve.done', { number: a.number });
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
    const { officer, doc } = await authorise(ctx, a.caseId, 'refer');
    const updated = await referCase(a.caseId, actorOf(officer), { note: a.note ?? '' }, ctx.now);
    await tellHolderActedOn(doc, officer, 'refer', updated.history.length);
    replyDone(ctx, 'officers.refer.done', { number: a.number });
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
    replyDone(ctx, 'officers.delay.done', { number: a.number, date: formatDate(expectedAt, ctx.lang) });
  },
});

export const caseFlows: FlowDefinition<CaseFlowAnswers>[] = [updateFlow, askFlow, resolveFlow, referFlow, forwardFlow, delayReasonFlow];
