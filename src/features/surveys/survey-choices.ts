import type { SurveyChoice } from '../../../flex-messages/surveys/survey-messages';
import type { Lang, Translate } from '../../i18n/languages';
import type { SurveyQuestion } from './survey-definition';

/** The reader's language and translator (a BotContext, or a push's recipient). */
export interface Reader {
  lang: Lang;
  t: Translate;
}

/**
 * The labels a question defines for the reader's language. Labels written only in Thai are not
 * shown to a reader of another language: the default labels in their language are.
 */
function customLabels<T>(labels: { th: T; en?: T | null; my?: T | null } | undefined, lang: Lang): T | undefined {
  if (!labels) return undefined;
  return lang === 'th' ? labels.th : (labels[lang] ?? undefined);
}

function ratingLabel(reader: Reader, question: SurveyQuestion, score: number): string {
  const custom = customLabels(question.labels, reader.lang);
  return `${score} ${custom?.[score - 1] ?? reader.t(`surveys.rating.${score}`)}`;
}

export interface ChoiceOptions {
  /** Postback data of a tap on this answer (`5`, `yes`, `skip`, `comment`). */
  dataFor(value: string): string;
  /** Offer "add a comment" (there is a comment question the citizen has not asked for yet). */
  offerComment: boolean;
}

/**
 * The answers of a question as quick replies: 5 to 1 (or yes and no), skip, and "add a comment"
 * when offered. Cancel is the caller's, as only a running dialog has something to cancel.
 */
export function questionChoices(reader: Reader, question: SurveyQuestion, options: ChoiceOptions): SurveyChoice[] {
  const tap = (value: string, label: string): SurveyChoice => ({ label, data: options.dataFor(value) });
  const choices: SurveyChoice[] = [];
  if (question.type === 'rating') for (const score of [5, 4, 3, 2, 1]) choices.push(tap(String(score), ratingLabel(reader, question, score)));
  if (question.type === 'yes_no') {
    const labels = customLabels(question.choiceLabels, reader.lang) ?? [reader.t('surveys.question.yes'), reader.t('surveys.question.no')];
    choices.push(tap('yes', labels[0]), tap('no', labels[1]));
  }
  choices.push(tap('skip', reader.t(question.type === 'text' ? 'surveys.question.noComment' : 'surveys.question.skip')));
  if (question.type !== 'text' && options.offerComment) choices.push(tap('comment', reader.t('surveys.question.addComment')));
  return choices;
}
