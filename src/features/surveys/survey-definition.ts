import { z } from 'zod';

/** How a citizen came to the survey; stored on each response and used to pick the survey. */
export const SURVEY_CHANNELS = ['after_case', 'after_ticket', 'menu', 'qr'] as const;
export type SurveyChannel = (typeof SURVEY_CHANNELS)[number];

export const QUESTION_TYPES = ['rating', 'yes_no', 'text'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/**
 * Questions a citizen answers with one tap (rating, yes/no). "A survey that takes more than a few
 * taps is not answered": a definition with more is refused.
 */
export const MAX_TAP_QUESTIONS = 6;

const localizedText = z.object({
  th: z.string().trim().min(1).max(300),
  en: z.string().trim().min(1).max(300).optional(),
  my: z.string().trim().min(1).max(300).optional(),
});
export type LocalizedText = z.infer<typeof localizedText>;

/** Five labels for the scores 1..5 (index 0 is score 1); each fits a quick reply after "5 ". */
const ratingLabels = z.array(z.string().trim().min(1).max(17)).length(5);

/** Labels of yes and no, in that order. */
const choiceLabels = z.array(z.string().trim().min(1).max(20)).length(2);

export const surveyQuestionSchema = z
  .object({
    /** Stable across versions: the report compares the same question from year to year. */
    id: z.string().regex(/^[a-z][a-zA-Z0-9_]{0,19}$/),
    type: z.enum(QUESTION_TYPES),
    text: localizedText,
    /** Rating only: labels for 1..5 per language (default: i18n surveys.rating.1-5). */
    labels: z.object({ th: ratingLabels, en: ratingLabels.optional(), my: ratingLabels.optional() }).optional(),
    /** Yes/no only: labels of the two answers per language, e.g. ["มี", "ไม่มี"] (default ใช่ / ไม่ใช่). */
    choiceLabels: z.object({ th: choiceLabels, en: choiceLabels.optional(), my: choiceLabels.optional() }).optional(),
    /** Yes/no only: the answer that counts as satisfied ("were you asked for money?" -> no). */
    positive: z.enum(['yes', 'no']).optional(),
    /** The overall-satisfaction question, the one the 80% target is measured on. */
    overall: z.boolean().optional(),
    /** Text only: ask always, or only after a low rating or when the citizen asked to comment. */
    askWhen: z.enum(['always', 'low_or_requested']).optional(),
  })
  .superRefine((q, ctx) => {
    if (q.type === 'yes_no' && !q.positive) ctx.addIssue({ code: 'custom', message: `question ${q.id}: a yes/no question needs "positive"` });
    if (q.type !== 'yes_no' && (q.positive || q.choiceLabels)) ctx.addIssue({ code: 'custom', message: `question ${q.id}: "positive" and "choiceLabels" are for yes/no questions` });
    if (q.type !== 'rating' && (q.labels || q.overall)) ctx.addIssue({ code: 'custom', message: `question ${q.id}: labels and overall are for rating questions` });
    if (q.type !== 'text' && q.askWhen) ctx.addIssue({ code: 'custom', message: `question ${q.id}: askWhen is for text questions` });
  });
export type SurveyQuestion = z.infer<typeof surveyQuestionSchema>;

/** A survey as written in the admin file or the demo data; stored with a version number. */
export const surveyDefinitionSchema = z
  .object({
    code: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/),
    title: localizedText,
    /** Where this survey is used (default: everywhere). */
    channels: z.array(z.enum(SURVEY_CHANNELS)).min(1).default([...SURVEY_CHANNELS]),
    questions: z.array(surveyQuestionSchema).min(1).max(10),
  })
  .superRefine((s, ctx) => {
    const ids = s.questions.map((q) => q.id);
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', message: 'question ids must be unique' });
    if (s.questions.filter((q) => q.overall).length !== 1) ctx.addIssue({ code: 'custom', message: 'exactly one rating question must be marked overall' });
    const taps = s.questions.filter((q) => q.type !== 'text').length;
    if (taps > MAX_TAP_QUESTIONS) ctx.addIssue({ code: 'custom', message: `at most ${MAX_TAP_QUESTIONS} rating or yes/no questions (found ${taps})` });
  });
export type SurveyDefinition = z.infer<typeof surveyDefinitionSchema>;

/** A stored survey version. Versions never change once stored; a changed definition is a new version. */
export interface StoredSurvey extends SurveyDefinition {
  version: number;
  active: boolean;
  createdAt: Date;
}

/** The code of the default survey (demo data and the fallback for every channel). */
export const DEFAULT_SURVEY_CODE = 'ita-service';

/**
 * The ITA service-user questions (OBLIGATIONS.md, "Satisfaction surveys"): steps and time as
 * announced, equal treatment, officers' conduct, no request for money or favours, clear
 * information, overall satisfaction (6 taps), then a comment asked only after a low rating or
 * when the citizen asks for it.
 */
export const DEFAULT_SURVEY: SurveyDefinition = surveyDefinitionSchema.parse({
  code: DEFAULT_SURVEY_CODE,
  title: { th: 'แบบประเมินความพึงพอใจผู้รับบริการ', en: 'Service satisfaction survey' },
  questions: [
    {
      id: 'steps',
      type: 'rating',
      text: {
        th: 'การให้บริการเป็นไปตามขั้นตอนและระยะเวลาที่ประกาศไว้ มากน้อยเพียงใด',
        en: 'How well did the service follow the announced steps and time frame?',
      },
    },
    {
      id: 'equal',
      type: 'rating',
      text: {
        th: 'เจ้าหน้าที่ให้บริการทุกคนอย่างเท่าเทียม ไม่เลือกปฏิบัติ มากน้อยเพียงใด',
        en: 'How equally did the officers treat everyone, acquaintances or not?',
      },
    },
    {
      id: 'conduct',
      type: 'rating',
      text: {
        th: 'เจ้าหน้าที่ให้บริการด้วยความเต็มใจ สุภาพ และตั้งใจ มากน้อยเพียงใด',
        en: 'How willing, polite and dedicated were the officers?',
      },
    },
    {
      id: 'noBribe',
      type: 'yes_no',
      positive: 'no',
      choiceLabels: { th: ['มี', 'ไม่มี'], en: ['Yes', 'No'] },
      text: {
        th: 'มีเจ้าหน้าที่เรียกรับเงิน สิ่งของ หรือประโยชน์อื่นใดจากท่าน เพื่อแลกกับการให้บริการหรือไม่',
        en: 'Did any officer ask you for money, gifts or other favours in exchange for the service?',
      },
    },
    {
      id: 'info',
      type: 'rating',
      text: {
        th: 'ท่านได้รับข้อมูลที่ชัดเจน เข้าใจง่าย และเข้าถึงได้สะดวก มากน้อยเพียงใด',
        en: 'How clear and easy to reach was the information you received?',
      },
    },
    {
      id: 'overall',
      type: 'rating',
      overall: true,
      text: { th: 'โดยรวมแล้ว ท่านพึงพอใจการให้บริการครั้งนี้มากน้อยเพียงใด', en: 'Overall, how satisfied are you with this service?' },
    },
    {
      id: 'comment',
      type: 'text',
      askWhen: 'low_or_requested',
      text: {
        th: 'ท่านมีข้อเสนอแนะเพื่อให้เทศบาลปรับปรุงการให้บริการหรือไม่ พิมพ์ข้อความได้เลย',
        en: 'Any suggestion to help the municipality improve? Please type it here.',
      },
    },
  ],
});
