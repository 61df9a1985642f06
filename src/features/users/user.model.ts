import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { LANGUAGES } from '../../i18n/languages';

/**
 * A LINE user who has talked to the OA. Only what the service needs: the language to answer in
 * and whether they blocked the OA (then nothing is pushed to them). No display name is kept.
 */
const lineUserSchema = new Schema(
  {
    userId: { type: String, required: true },
    lang: { type: String, enum: LANGUAGES, default: 'th', required: true },
    /** True when the language was chosen by the user, not guessed from the profile. */
    langChosen: { type: Boolean, default: false },
    blocked: { type: Boolean, default: false },
    followedAt: { type: Date },
    blockedAt: { type: Date },
    lastSeenAt: { type: Date },
    createdAt: { type: Date, required: true },
  },
  { collection: 'line_users', versionKey: false },
);

lineUserSchema.index({ userId: 1 }, { unique: true });

export type LineUserDoc = InferSchemaType<typeof lineUserSchema>;
export const LineUserModel = mongoose.model('LineUser', lineUserSchema);
