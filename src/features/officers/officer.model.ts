import mongoose, { Schema, type InferSchemaType } from 'mongoose';

export const OFFICER_ROLES = ['officer', 'head', 'integrity', 'admin'] as const;
export type OfficerRole = (typeof OFFICER_ROLES)[number];

/**
 * A municipal officer bound to a LINE account through an invitation code. Roles: `officer`
 * acts on cases and counters, `head` gets escalations, `integrity` (legal affairs) alone sees
 * confidential reports, `admin` manages the OA.
 */
const officerSchema = new Schema(
  {
    lineUserId: { type: String, required: true },
    name: { type: String, required: true, maxlength: 120 },
    departmentCode: { type: String, required: true },
    roles: { type: [String], enum: OFFICER_ROLES, default: ['officer'] },
    active: { type: Boolean, default: true },
    /** The queue counter this officer serves now (queue feature). */
    counter: { serviceCode: { type: String }, counterNo: { type: Number } },
    registeredAt: { type: Date, required: true },
    revokedAt: { type: Date },
  },
  { collection: 'officers', versionKey: false, timestamps: true },
);

officerSchema.index({ lineUserId: 1 }, { unique: true });
officerSchema.index({ departmentCode: 1, active: 1 });

export type OfficerDoc = InferSchemaType<typeof officerSchema>;
export const OfficerModel = mongoose.model('Officer', officerSchema);

/** The active officer bound to this LINE user, if any (every officer action checks this first). */
export async function findActiveOfficer(lineUserId: string) {
  if (!lineUserId) return null;
  return OfficerModel.findOne({ lineUserId, active: true }).lean();
}

/** Active officers of a department, optionally only those with a role. */
export async function activeOfficersOf(departmentCode: string, role?: OfficerRole) {
  return OfficerModel.find({ departmentCode, active: true, ...(role ? { roles: role } : {}) }).lean();
}

/** Active officers with a role anywhere in the municipality (e.g. every integrity officer). */
export async function activeOfficersWithRole(role: OfficerRole) {
  return OfficerModel.find({ active: true, roles: role }).lean();
}
