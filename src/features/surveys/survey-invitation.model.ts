import mongoose, { Schema } from 'mongoose';
import { SURVEY_CHANNELS, type SurveyChannel } from './survey-definition';

/** How long an invitation after a case or a ticket can be answered. */
export const INVITATION_VALID_DAYS = 14;
/**
 * Expired invitations are kept this long after they expire: an answer already begun still finds
 * its invitation (see purgeAt).
 */
export const INVITATION_PURGE_AFTER_DAYS = 30;

/** An invitation as stored: who was served (as a hash) and what about. */
export interface SurveyInvitation {
  subjectKey: string;
  channel: SurveyChannel;
  userHash: string;
  departmentCode?: string;
  serviceCode?: string;
  categoryCode?: string;
  /** The officer's database id (never a LINE id). */
  officerId?: string;
  invitedAt: Date;
  expiresAt: Date;
  /** When the TTL index drops it (clock.ttlAt of expiry plus INVITATION_PURGE_AFTER_DAYS). */
  purgeAt: Date;
}

/**
 * The right to rate one case or ticket (collection `survey_invitations`), written when the
 * domain event arrives. `subjectKey` is the response's key (`case:<hash>`, `ticket:<hash>`); the
 * case or ticket id itself is not kept. The start button names only the key; the handler checks
 * that the citizen who pressed it is the one who was served (same user hash).
 */
const invitationSchema = new Schema(
  {
    subjectKey: { type: String, required: true },
    channel: { type: String, enum: SURVEY_CHANNELS, required: true },
    userHash: { type: String, required: true },
    departmentCode: { type: String },
    serviceCode: { type: String },
    categoryCode: { type: String },
    officerId: { type: String },
    invitedAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    purgeAt: { type: Date, required: true },
  },
  { collection: 'survey_invitations', versionKey: false },
);

invitationSchema.index({ subjectKey: 1 }, { unique: true });
invitationSchema.index({ purgeAt: 1 }, { expireAfterSeconds: 0 });

export const SurveyInvitationModel = mongoose.model('SurveyInvitation', invitationSchema);
