import mongoose, { Schema } from 'mongoose';
import { QUESTION_TYPES, SURVEY_CHANNELS } from './survey-definition';

const localizedText = new Schema({ th: { type: String, required: true }, en: { type: String }, my: { type: String } }, { _id: false });

const questionSchema = new Schema(
  {
    id: { type: String, required: true },
    type: { type: String, enum: QUESTION_TYPES, required: true },
    text: { type: localizedText, required: true },
    labels: { type: new Schema({ th: [String], en: { type: [String], default: undefined }, my: { type: [String], default: undefined } }, { _id: false }) },
    choiceLabels: { type: new Schema({ th: [String], en: { type: [String], default: undefined }, my: { type: [String], default: undefined } }, { _id: false }) },
    positive: { type: String, enum: ['yes', 'no'] },
    overall: { type: Boolean },
    askWhen: { type: String, enum: ['always', 'low_or_requested'] },
  },
  { _id: false },
);

/**
 * One version of a survey (collection `surveys`). A version is never edited: a changed definition
 * is stored as the next version and responses keep the version they answered. `active: false`
 * retires a survey code (every version) without deleting anything.
 */
const surveySchema = new Schema(
  {
    code: { type: String, required: true },
    version: { type: Number, required: true, min: 1 },
    title: { type: localizedText, required: true },
    channels: { type: [String], enum: SURVEY_CHANNELS, required: true },
    questions: { type: [questionSchema], required: true },
    active: { type: Boolean, default: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'surveys', versionKey: false },
);

surveySchema.index({ code: 1, version: 1 }, { unique: true });

export const SurveyModel = mongoose.model('Survey', surveySchema);
