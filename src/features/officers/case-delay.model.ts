import mongoose, { Schema } from 'mongoose';

/**
 * The holder's explanation of a delay and the new expected date, set with the "แจ้งเหตุล่าช้า"
 * button before or after the due date. When a case passes its due date the citizen receives it
 * (or, without one, a standard notice). Kept here because the complaint record has no field for
 * the expected date.
 */
const caseDelaySchema = new Schema(
  {
    _id: { type: String },
    caseId: { type: String, required: true },
    reason: { type: String, required: true, maxlength: 1000 },
    expectedAt: { type: Date, required: true },
    /** The officer's LINE user id. */
    by: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'case_delays', versionKey: false },
);

export const CaseDelayModel = mongoose.model('CaseDelay', caseDelaySchema);

export interface CaseDelay {
  reason: string;
  expectedAt: Date;
  at: Date;
}

/** The latest explanation for a case, if the holder gave one. */
export async function delayOf(caseId: string): Promise<CaseDelay | null> {
  return CaseDelayModel.findById(String(caseId)).lean<CaseDelay>();
}

/** Records (replaces) the explanation for a case. */
export async function saveDelay(caseId: string, delay: { reason: string; expectedAt: Date; by: string; at: Date }): Promise<void> {
  await CaseDelayModel.replaceOne({ _id: caseId }, { _id: caseId, caseId, ...delay }, { upsert: true });
}
