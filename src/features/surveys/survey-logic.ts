import type { SurveyQuestion } from './survey-definition';

/**
 * The rules of answering a survey, as pure functions of the questions and the answers so far:
 * which question comes next, what counts as satisfied, how a tap or a typed word is read.
 */

/** One answer while the survey is being answered (plain JSON, kept in the conversation session). */
export interface AnswerValue {
  score?: number;
  choice?: 'yes' | 'no';
  text?: string;
  skipped?: boolean;
}
export type AnswerValues = Record<string, AnswerValue>;

/** A rating at or below this, or a negative yes/no, opens the comment question. */
export const LOW_SCORE = 3;
/** A satisfied rating is 4 or 5 (the ITA criterion). */
export const SATISFIED_SCORE = 4;
export const MAX_COMMENT_CHARS = 500;

/** Rating 4-5 or the positive yes/no choice; undefined for text and skipped answers. */
export function isSatisfied(question: SurveyQuestion, value: AnswerValue | undefined): boolean | undefined {
  if (!value || value.skipped) return undefined;
  if (question.type === 'rating' && value.score !== undefined) return value.score >= SATISFIED_SCORE;
  if (question.type === 'yes_no' && value.choice) return value.choice === question.positive;
  return undefined;
}

/** True when some rating is 3 or lower, or a yes/no answer is the negative one. */
export function hasLowAnswer(questions: SurveyQuestion[], values: AnswerValues): boolean {
  return questions.some((q) => {
    const value = values[q.id];
    if (q.type === 'rating') return value?.score !== undefined && value.score <= LOW_SCORE;
    if (q.type === 'yes_no') return isSatisfied(q, value) === false;
    return false;
  });
}

/** Whether a question is asked at all: comment questions only after a low answer or on request. */
export function shouldAsk(question: SurveyQuestion, questions: SurveyQuestion[], values: AnswerValues, wantsComment: boolean): boolean {
  if (question.type !== 'text' || question.askWhen === 'always') return true;
  return wantsComment || hasLowAnswer(questions, values);
}

/** The first question still to ask, or questions.length when the survey is finished. */
export function nextQuestionIndex(questions: SurveyQuestion[], values: AnswerValues, wantsComment: boolean): number {
  const index = questions.findIndex((q) => values[q.id] === undefined && shouldAsk(q, questions, values, wantsComment));
  return index === -1 ? questions.length : index;
}

/** "Question n of total" among the questions this citizen is asked. */
export function progressOf(questions: SurveyQuestion[], values: AnswerValues, wantsComment: boolean, index: number): { number: number; total: number } {
  const asked = questions.filter((q, i) => i === index || shouldAsk(q, questions, values, wantsComment));
  return { number: asked.indexOf(questions[index]) + 1, total: asked.length };
}

/** What a tap or a message means for the current question. */
export type Reading =
  | { kind: 'answer'; value: AnswerValue }
  | { kind: 'wantsComment' }
  | { kind: 'invalid'; reasonKey: string; params?: Record<string, unknown> };

/** Words accepted when typed instead of tapped (yes/no questions). */
const YES_WORDS = new Set(['ใช่', 'มี', 'yes', 'y']);
const NO_WORDS = new Set(['ไม่ใช่', 'ไม่มี', 'ไม่', 'no', 'n']);

/**
 * Reads a tapped value (`1`-`5`, `yes`, `no`, `skip`, `comment`) or a typed text for the
 * question. Typed digits work for ratings (LINE for PC shows no quick replies).
 */
export function readAnswer(question: SurveyQuestion, input: { tapped?: string; typed?: string }): Reading {
  const { tapped } = input;
  const typed = input.typed?.trim();
  if (tapped === 'skip') return { kind: 'answer', value: { skipped: true } };
  if (tapped === 'comment' && question.type !== 'text') return { kind: 'wantsComment' };
  if (question.type === 'rating') {
    const raw = tapped ?? typed ?? '';
    return /^[1-5]$/.test(raw) ? { kind: 'answer', value: { score: Number(raw) } } : { kind: 'invalid', reasonKey: 'surveys.question.tapRating' };
  }
  if (question.type === 'yes_no') {
    const word = (tapped ?? typed ?? '').toLowerCase();
    if (word === 'yes' || YES_WORDS.has(word)) return { kind: 'answer', value: { choice: 'yes' } };
    if (word === 'no' || NO_WORDS.has(word)) return { kind: 'answer', value: { choice: 'no' } };
    return { kind: 'invalid', reasonKey: 'surveys.question.tapYesNo' };
  }
  if (typed === undefined || typed.length === 0) return { kind: 'invalid', reasonKey: 'surveys.question.typeComment' };
  if (Array.from(typed).length > MAX_COMMENT_CHARS) return { kind: 'invalid', reasonKey: 'surveys.question.commentTooLong', params: { max: MAX_COMMENT_CHARS } };
  return { kind: 'answer', value: { text: typed } };
}
