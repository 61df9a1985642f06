import { buildSurveyQuestion } from '../../../flex-messages/surveys/survey-messages';
import { flowAnswer, flowAnswerValue } from '../../conversation/engine';
import { defineFlow, DONE, type FlowStep, type ParseResult } from '../../conversation/flow';
import type { BotContext } from '../../line/context';
import type { BotInput } from '../../line/input';
import { encodePostback } from '../../line/postback';
import type { Message } from '../../line/types';
import { isUserFacing } from '../../shared/errors';
import { localized } from '../departments/department.model';
import { questionChoices } from './survey-choices';
import type { SurveyQuestion } from './survey-definition';
import { nextQuestionIndex, progressOf, readAnswer, type AnswerValues } from './survey-logic';
import { POINT_TEXT_PATTERN } from './point-text';
import { answerSurvey, completeSurvey, type SurveySnapshot, type SurveyStart, type SurveySubject } from './surveys.service';

export const ANSWER_SURVEY_FLOW = 'surveys.answer';
const STEP = 'question';

/** The session's answers: what is rated, the survey version, answers so far, the current question. */
export interface SurveyFlowAnswers {
  subject: SurveySubject;
  survey: SurveySnapshot;
  values: AnswerValues;
  /** Index of the question being asked. */
  index: number;
  /** The citizen tapped "add a comment": the comment question will be asked. */
  wantsComment?: boolean;
  /** Set for one prompt after "add a comment", to acknowledge it. */
  commentNoted?: boolean;
}

/** Flow answers to begin with (the handlers start the flow with these). */
export function initialAnswers(subject: SurveySubject, survey: SurveySnapshot, values: AnswerValues): SurveyFlowAnswers {
  return { subject, survey, values, index: nextQuestionIndex(survey.questions, values, false) };
}

/** True while the survey has a comment question the citizen has not answered nor asked for. */
export function offersComment(answers: SurveyFlowAnswers): boolean {
  return !answers.wantsComment && answers.survey.questions.some((q) => q.type === 'text' && answers.values[q.id] === undefined);
}

/** The value a tap carries: `<question id>.<answer>`, so an old button cannot answer a later question. */
export const tapValue = (question: SurveyQuestion, value: string) => `${question.id}.${value}`;

function promptQuestion(ctx: BotContext, answers: SurveyFlowAnswers): Message[] {
  const { questions } = answers.survey;
  const question = questions[answers.index];
  const { number, total } = progressOf(questions, answers.values, Boolean(answers.wantsComment), answers.index);
  const choices = questionChoices(ctx, question, { dataFor: (value) => flowAnswer(ANSWER_SURVEY_FLOW, STEP, tapValue(question, value)), offerComment: offersComment(answers) });
  choices.push({ label: ctx.t('common.cancel'), data: encodePostback('conversation.cancel') });
  const messages: Message[] = [];
  if (answers.commentNoted) messages.push({ type: 'text', text: ctx.t('surveys.question.commentNoted') });
  messages.push(buildSurveyQuestion({ number, total, question: localized(question.text, ctx.lang), choices }, ctx.t));
  return messages;
}

/**
 * Reads a tap (`<id>.<value>`) or a typed answer to the current question (pure). A leftover
 * button of an earlier question is refused rather than taken for this one; so is a counter's QR
 * text, which would otherwise be read as an answer.
 */
export function readQuestion(answers: SurveyFlowAnswers, input: { tapped?: string; typed?: string }): ParseResult<SurveyFlowAnswers> {
  const question = answers.survey.questions[answers.index];
  let tapped: string | undefined;
  if (input.tapped !== undefined) {
    const dot = input.tapped.lastIndexOf('.');
    if (input.tapped.slice(0, dot) !== question.id) return { ok: false, reasonKey: 'surveys.question.oldButton' };
    tapped = input.tapped.slice(dot + 1);
  }
  const { typed } = input;
  if (tapped === undefined && typed === undefined) return { ok: false, reasonKey: question.type === 'text' ? 'surveys.question.typeComment' : 'surveys.question.tapAnswer' };
  if (tapped === undefined && POINT_TEXT_PATTERN.test((typed ?? '').trim())) return { ok: false, reasonKey: 'surveys.point.finishCurrent' };
  const reading = readAnswer(question, { tapped, typed });
  if (reading.kind === 'invalid') return { ok: false, reasonKey: reading.reasonKey, params: reading.params };
  if (reading.kind === 'wantsComment') return { ok: true, answers: { ...answers, wantsComment: true, commentNoted: true } };
  const values = { ...answers.values, [question.id]: reading.value };
  const wantsComment = Boolean(answers.wantsComment);
  return { ok: true, answers: { ...answers, values, index: nextQuestionIndex(answers.survey.questions, values, wantsComment), commentNoted: undefined } };
}

/** The question step's parse: a flow tap or a typed text (pure). */
export function parseQuestion(input: BotInput, answers: SurveyFlowAnswers): ParseResult<SurveyFlowAnswers> {
  return readQuestion(answers, { tapped: flowAnswerValue(input, STEP), typed: input.kind === 'text' ? input.text : undefined });
}

/**
 * Saving as the answers come. The engine keeps the step's parse pure and offers side effects
 * only in absorb (which cannot move to another step) and onDone (only at the end). So this
 * small wrapper sits between the engine and the pure parse: when parse accepts a new answer, the
 * response is upserted with all answers so far, before the engine stores the session and asks
 * the next question. The write is idempotent (the whole list is set), so a retried event writes
 * the same thing again; a refusal (a completed response) ends the flow with a polite message.
 */
function savingAnswers(step: FlowStep<SurveyFlowAnswers>): FlowStep<SurveyFlowAnswers> {
  return {
    ...step,
    async parse(input, answers, ctx) {
      const result = await step.parse(input, answers, ctx);
      if (!result.ok || result.answers.values === answers.values) return result;
      try {
        await answerSurvey({ subject: answers.subject, survey: answers.survey, values: result.answers.values, userId: ctx.userId, now: ctx.now });
      } catch (err) {
        if (isUserFacing(err)) await ctx.conversation.end();
        throw err;
      }
      return result;
    },
  };
}

/** The thanks, and a pointer to the confidential channel when somebody was asked for money. */
export function thanksMessages(ctx: BotContext, questions: SurveyQuestion[], values: AnswerValues): Message[] {
  const messages: Message[] = [{ type: 'text', text: ctx.t('surveys.thanks') }];
  const negativeYesNo = questions.some((q) => q.type === 'yes_no' && values[q.id]?.choice !== undefined && values[q.id].choice !== q.positive);
  if (negativeYesNo) messages.push({ type: 'text', text: ctx.t('surveys.integrityHint') });
  return messages;
}

/** One question per message; a comment only after a low rating or on request; thanks at the end. */
export const answerSurveyFlow = defineFlow<SurveyFlowAnswers>({
  id: ANSWER_SURVEY_FLOW,
  // 2: the subject carries startedAt and no case or ticket id.
  version: 2,
  titleKey: 'surveys.title',
  firstStep: () => STEP,
  steps: {
    [STEP]: savingAnswers({
      prompt: promptQuestion,
      parse: parseQuestion,
      next: (a) => (a.index >= a.survey.questions.length ? DONE : STEP),
    }),
  },
  async onDone(ctx, answers) {
    await completeSurvey(answers.subject.key, ctx.userId, ctx.now);
    ctx.reply(...thanksMessages(ctx, answers.survey.questions, answers.values));
  },
});


/**
 * Starts the question flow at the first unanswered question, or completes at once a response
 * that has every answer already. `intro` is said before a fresh start; a resume says so instead.
 */
export async function beginSurvey(ctx: BotContext, start: SurveyStart, intro?: string): Promise<void> {
  if (start.finished) {
    await completeSurvey(start.subject.key, ctx.userId, ctx.now);
    ctx.reply(...thanksMessages(ctx, start.survey.questions, start.values));
    return;
  }
  if (Object.keys(start.values).length > 0) ctx.reply({ type: 'text', text: ctx.t('surveys.resume') });
  else if (intro) ctx.reply({ type: 'text', text: intro });
  await ctx.conversation.start(ANSWER_SURVEY_FLOW, initialAnswers(start.subject, start.survey, start.values) as unknown as Record<string, unknown>);
}

/**
 * A tap on the invitation's own quick replies: answers the first question, saves it and goes on
 * with the dialog at the next one, so rating everything takes one tap per question. A tap that
 * no longer fits (the question was answered meanwhile) resumes where the citizen is.
 */
export async function answerFirstQuestion(ctx: BotContext, start: SurveyStart, tapped: string): Promise<void> {
  const answers = initialAnswers(start.subject, start.survey, start.values);
  const result = start.finished ? undefined : readQuestion(answers, { tapped });
  if (!result?.ok) return beginSurvey(ctx, start);
  if (result.answers.values !== answers.values) await answerSurvey({ subject: start.subject, survey: start.survey, values: result.answers.values, userId: ctx.userId, now: ctx.now });
  if (result.answers.index >= start.survey.questions.length) {
    await completeSurvey(start.subject.key, ctx.userId, ctx.now);
    ctx.reply(...thanksMessages(ctx, start.survey.questions, result.answers.values));
    return;
  }
  await ctx.conversation.start(ANSWER_SURVEY_FLOW, result.answers as unknown as Record<string, unknown>);
}
