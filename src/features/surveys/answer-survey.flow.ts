import { buildSurveyQuestion, type SurveyChoice } from '../../../flex-messages/surveys/survey-messages';
import { flowAnswer, flowAnswerValue } from '../../conversation/engine';
import { defineFlow, DONE, type FlowStep, type ParseResult } from '../../conversation/flow';
import type { BotContext } from '../../line/context';
import type { BotInput } from '../../line/input';
import { encodePostback } from '../../line/postback';
import type { Message } from '../../line/types';
import { isUserFacing } from '../../shared/errors';
import { localized } from '../departments/department.model';
import type { SurveyQuestion } from './survey-definition';
import { nextQuestionIndex, progressOf, readAnswer, type AnswerValues } from './survey-logic';
import { answerSurvey, completeSurvey, type SurveySnapshot, type SurveySubject } from './surveys.service';

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

function ratingLabel(ctx: BotContext, question: SurveyQuestion, score: number): string {
  const custom = question.labels ? (question.labels[ctx.lang] ?? question.labels.th) : undefined;
  return `${score} ${custom?.[score - 1] ?? ctx.t(`surveys.rating.${score}`)}`;
}

/** The quick replies of a question; each tap carries the question id, so an old button cannot answer a later question. */
function choicesFor(ctx: BotContext, answers: SurveyFlowAnswers, question: SurveyQuestion): SurveyChoice[] {
  const tap = (value: string, label: string): SurveyChoice => ({ label, data: flowAnswer(ANSWER_SURVEY_FLOW, STEP, `${question.id}.${value}`) });
  const choices: SurveyChoice[] = [];
  if (question.type === 'rating') for (const score of [5, 4, 3, 2, 1]) choices.push(tap(String(score), ratingLabel(ctx, question, score)));
  if (question.type === 'yes_no') {
    const labels = question.choiceLabels ? (question.choiceLabels[ctx.lang] ?? question.choiceLabels.th) : [ctx.t('surveys.question.yes'), ctx.t('surveys.question.no')];
    choices.push(tap('yes', labels[0]), tap('no', labels[1]));
  }
  choices.push(tap('skip', ctx.t(question.type === 'text' ? 'surveys.question.noComment' : 'surveys.question.skip')));
  const canComment = answers.survey.questions.some((q) => q.type === 'text' && answers.values[q.id] === undefined);
  if (question.type !== 'text' && canComment && !answers.wantsComment) choices.push(tap('comment', ctx.t('surveys.question.addComment')));
  choices.push({ label: ctx.t('common.cancel'), data: encodePostback('conversation.cancel') });
  return choices;
}

function promptQuestion(ctx: BotContext, answers: SurveyFlowAnswers): Message[] {
  const { questions } = answers.survey;
  const question = questions[answers.index];
  const { number, total } = progressOf(questions, answers.values, Boolean(answers.wantsComment), answers.index);
  const messages: Message[] = [];
  if (answers.commentNoted) messages.push({ type: 'text', text: ctx.t('surveys.question.commentNoted') });
  messages.push(buildSurveyQuestion({ number, total, question: localized(question.text, ctx.lang), choices: choicesFor(ctx, answers, question) }, ctx.t));
  return messages;
}

/**
 * Reads the answer to the current question (pure). A tap names its question (`<id>.<value>`):
 * a leftover button of an earlier question is refused rather than taken for this one.
 */
export function parseQuestion(input: BotInput, answers: SurveyFlowAnswers): ParseResult<SurveyFlowAnswers> {
  const question = answers.survey.questions[answers.index];
  const tappedRaw = flowAnswerValue(input, STEP);
  let tapped: string | undefined;
  if (tappedRaw !== undefined) {
    const dot = tappedRaw.lastIndexOf('.');
    if (tappedRaw.slice(0, dot) !== question.id) return { ok: false, reasonKey: 'surveys.question.oldButton' };
    tapped = tappedRaw.slice(dot + 1);
  }
  const typed = input.kind === 'text' ? input.text : undefined;
  if (tapped === undefined && typed === undefined) return { ok: false, reasonKey: question.type === 'text' ? 'surveys.question.typeComment' : 'surveys.question.tapAnswer' };
  const reading = readAnswer(question, { tapped, typed });
  if (reading.kind === 'invalid') return { ok: false, reasonKey: reading.reasonKey, params: reading.params };
  if (reading.kind === 'wantsComment') return { ok: true, answers: { ...answers, wantsComment: true, commentNoted: true } };
  const values = { ...answers.values, [question.id]: reading.value };
  const wantsComment = Boolean(answers.wantsComment);
  return { ok: true, answers: { ...answers, values, index: nextQuestionIndex(answers.survey.questions, values, wantsComment), commentNoted: undefined } };
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
  version: 1,
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

