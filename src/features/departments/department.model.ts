import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** A name in the languages the OA speaks; Thai is required, the others fall back to it. */
export const localizedNameSchema = new Schema({ th: { type: String, required: true }, en: { type: String }, my: { type: String } }, { _id: false });

/**
 * A division or section of the municipality (กองช่าง, สำนักปลัด ...). Cases and queue services
 * belong to one; its officers and head are notified about them.
 */
const departmentSchema = new Schema(
  {
    /** Short stable code used in admin files and commands, e.g. `public-works`. */
    code: { type: String, required: true, match: /^[a-z0-9][a-z0-9-]{1,39}$/ },
    name: { type: localizedNameSchema, required: true },
    /** A LINE group that receives the department's notifications instead of each officer. */
    lineGroupId: { type: String },
    /** Receives cases that need triage (the complaint centre). */
    isComplaintCentre: { type: Boolean, default: false },
    /** Handles confidential integrity reports (legal affairs / นิติการ). */
    isLegalAffairs: { type: Boolean, default: false },
    active: { type: Boolean, default: true },
    sortOrder: { type: Number, default: 100 },
  },
  { collection: 'departments', versionKey: false, timestamps: true },
);

departmentSchema.index({ code: 1 }, { unique: true });

export type DepartmentDoc = InferSchemaType<typeof departmentSchema>;
export const DepartmentModel = mongoose.model('Department', departmentSchema);

/** The name in the user's language, falling back to Thai. */
export function localized(name: { th: string; en?: string | null; my?: string | null } | undefined, lang: string): string {
  if (!name) return '';
  const value = (name as Record<string, string | null | undefined>)[lang];
  return value && value.length > 0 ? value : name.th;
}
