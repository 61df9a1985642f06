import mongoose, { Schema } from 'mongoose';
import { QUESTION_TYPES, SURVEY_CHANNELS, type QuestionType, type SurveyChannel } from './survey-definition';

/** One answer as stored: the score (rating), the choice (yes/no) or the text, or skipped. */
export interface StoredAnswer {
  questionId: string;
  type: QuestionType;
  score?: number;
  choice?: 'yes' | 'no';
  text?: string;
  skipped: boolean;
  /** Rating 4-5, or the positive yes/no choice; unset for text and skipped answers. */
  satisfied?: boolean;
  /** True on the survey's overall question (the 80% target). */
  overall: boolean;
}

export type ResponseStatus = 'partial' | 'completed';

/** A response as stored in `survey_responses`. */
export interface SurveyResponse {
  subjectKey: string;
  channel: SurveyChannel;
  surveyCode: string;
  surveyVersion: number;
  departmentCode?: string;
  serviceCode?: string;
  categoryCode?: string;
  /** The service point rated (counter, QR and menu ratings): a department, service or counter code. */
  pointCode?: string;
  /** The officer's database id (never a LINE id). */
  officerId?: string;
  /** HMAC of the LINE user id: the only trace of who answered. */
  userHash: string;
  status: ResponseStatus;
  answers: StoredAnswer[];
  /** When the citizen started (the instant the daily key was taken from): the response's time for reports. */
  at: Date;
  /** Bangkok calendar keys of `at`, so reports group without time-zone arithmetic in the database. */
  period: { day: string; month: string; half: string };
  updatedAt: Date;
  completedAt?: Date;
}

const answerSchema = new Schema(
  {
    questionId: { type: String, required: true },
    type: { type: String, enum: QUESTION_TYPES, required: true },
    score: { type: Number, min: 1, max: 5 },
    choice: { type: String, enum: ['yes', 'no'] },
    text: { type: String, maxlength: 1000 },
    skipped: { type: Boolean, required: true },
    satisfied: { type: Boolean },
    overall: { type: Boolean, required: true },
  },
  { _id: false },
);

/**
 * A citizen's answers to one survey about one thing (collection `survey_responses`). Created at
 * the first answer, updated per answer, closed at the end: a completed response is never changed.
 * `subjectKey` makes the one-response rules a unique index: `case:<hash>` or `ticket:<hash>` (a
 * keyed hash of the case or ticket id, so no response leads back to the case record and its
 * citizen), or `point:<Bangkok day>:<department>:<service or ->:<userHash>` for counter, QR and
 * menu ratings. No case or ticket id is stored.
 */
const responseSchema = new Schema(
  {
    subjectKey: { type: String, required: true },
    channel: { type: String, enum: SURVEY_CHANNELS, required: true },
    surveyCode: { type: String, required: true },
    surveyVersion: { type: Number, required: true },
    departmentCode: { type: String },
    serviceCode: { type: String },
    categoryCode: { type: String },
    pointCode: { type: String },
    officerId: { type: String },
    userHash: { type: String, required: true },
    status: { type: String, enum: ['partial', 'completed'], required: true },
    answers: { type: [answerSchema], default: [] },
    at: { type: Date, required: true },
    period: { day: { type: String, required: true }, month: { type: String, required: true }, half: { type: String, required: true } },
    updatedAt: { type: Date, required: true },
    completedAt: { type: Date },
  },
  { collection: 'survey_responses', versionKey: false },
);

responseSchema.index({ subjectKey: 1 }, { unique: true });
responseSchema.index({ at: 1 });

export const SurveyResponseModel = mongoose.model('SurveyResponse', responseSchema);
