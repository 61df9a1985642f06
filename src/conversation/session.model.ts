import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/**
 * The one active conversation of a user: which flow, which step, the answers so far (plain JSON,
 * or sealed for a confidential flow), so a flow survives a restart and any instance continues it.
 */
const sessionSchema = new Schema(
  {
    userId: { type: String, required: true },
    flowId: { type: String, required: true },
    version: { type: Number, required: true },
    stepId: { type: String, required: true },
    /** Plain JSON answers; absent when the flow is confidential. */
    answers: { type: Schema.Types.Mixed },
    /** A confidential flow's answers, sealed (see session-answers.ts); never stored in plain. */
    sealed: { type: Schema.Types.Mixed },
    expiresAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    /** Removed a while after expiry, after the user has had the chance to be told. */
    purgeAt: { type: Date, required: true },
    /** Set when the expired session was abandoned by the sweep (its answers are gone then). */
    sweptAt: { type: Date },
  },
  { collection: 'conversation_sessions', versionKey: false, minimize: false },
);

sessionSchema.index({ userId: 1 }, { unique: true });
sessionSchema.index({ purgeAt: 1 }, { expireAfterSeconds: 0 });
sessionSchema.index({ expiresAt: 1 });

export type SessionDoc = InferSchemaType<typeof sessionSchema>;
export const SessionModel = mongoose.model('ConversationSession', sessionSchema);
