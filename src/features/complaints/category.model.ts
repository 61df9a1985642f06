import mongoose, { Schema } from 'mongoose';
import { localizedNameSchema } from '../departments/department.model';

/** Whether a category asks for a photo or a map pin: must have, may have, or does not ask. */
export const REQUIREMENTS = ['required', 'optional', 'none'] as const;
export type Requirement = (typeof REQUIREMENTS)[number];

/** A complaint category as the code reads it (lean). */
export interface CategoryDoc {
  code: string;
  name: { th: string; en?: string | null; my?: string | null };
  /** The department the category's cases go to. */
  departmentCode: string;
  /** Days to act or explain the delay (the 15-day rule by default). */
  dueDays: number;
  photo: Requirement;
  location: Requirement;
  /**
   * For urgent matters (fire, accident, crime in progress): the number to call instead of filing.
   * A category with a hotline is never filed.
   */
  hotline?: string | null;
  /** A short emoji shown in the quick-reply label. */
  icon?: string | null;
  active: boolean;
  sortOrder: number;
}

const categorySchema = new Schema<CategoryDoc>(
  {
    code: { type: String, required: true, match: /^[a-z0-9][a-z0-9-]{1,39}$/ },
    name: { type: localizedNameSchema, required: true },
    departmentCode: { type: String, required: true },
    dueDays: { type: Number, default: 15, min: 1, max: 180 },
    photo: { type: String, enum: REQUIREMENTS, default: 'optional' },
    location: { type: String, enum: REQUIREMENTS, default: 'optional' },
    hotline: { type: String, match: /^[0-9]{3,10}$/ },
    icon: { type: String, maxlength: 8 },
    active: { type: Boolean, default: true },
    sortOrder: { type: Number, default: 100 },
  },
  { collection: 'complaint_categories', versionKey: false, timestamps: true },
);

categorySchema.index({ code: 1 }, { unique: true });

/** Complaint categories (ไฟฟ้าส่องสว่าง, ถนน, ขยะ ...), each routed to a department. */
export const CategoryModel = mongoose.model<CategoryDoc>('ComplaintCategory', categorySchema);

/** Active categories in menu order. */
export async function activeCategories(): Promise<CategoryDoc[]> {
  return CategoryModel.find({ active: true }).sort({ sortOrder: 1, code: 1 }).lean<CategoryDoc[]>();
}

/** The active category with this code, or null. */
export async function findActiveCategory(code: string): Promise<CategoryDoc | null> {
  if (typeof code !== 'string' || !code) return null;
  return CategoryModel.findOne({ code, active: true }).lean<CategoryDoc>();
}

/** The category with this code, active or not (to name old cases). */
export async function findCategory(code: string): Promise<CategoryDoc | null> {
  if (typeof code !== 'string' || !code) return null;
  return CategoryModel.findOne({ code }).lean<CategoryDoc>();
}
