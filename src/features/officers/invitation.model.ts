import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { OFFICER_ROLES } from './officer.model';

/**
 * A single-use invitation made by an admin (`npm run officers -- invite`). Only the sha256 of
 * the code is stored: a leaked database does not leak usable codes.
 */
const invitationSchema = new Schema(
  {
    codeHash: { type: String, required: true },
    departmentCode: { type: String, required: true },
    role: { type: String, enum: OFFICER_ROLES, required: true },
    name: { type: String, maxlength: 120 },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date },
    /** The LINE user id that used the code. */
    usedBy: { type: String },
    createdAt: { type: Date, required: true },
  },
  { collection: 'invitations', versionKey: false },
);

invitationSchema.index({ codeHash: 1 }, { unique: true });

export type InvitationDoc = InferSchemaType<typeof invitationSchema>;
export const InvitationModel = mongoose.model('Invitation', invitationSchema);

/**
 * Wrong registration codes per LINE user: the times of the last five; five within an hour lock
 * the user out for an hour. The TTL index tidies up; the code never relies on it for correctness.
 */
const registrationAttemptSchema = new Schema(
  {
    _id: { type: String },
    /** The latest failures, oldest first, at most five. */
    failedAt: { type: [Date], default: [] },
    lockedUntil: { type: Date },
    expireAt: { type: Date, required: true },
  },
  { collection: 'registration_attempts', versionKey: false },
);

registrationAttemptSchema.index({ expireAt: 1 }, { expireAfterSeconds: 0 });

export const RegistrationAttemptModel = mongoose.model('RegistrationAttempt', registrationAttemptSchema);
