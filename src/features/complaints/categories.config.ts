import type { Model } from 'mongoose';
import { z } from 'zod';
import type { SectionChecks } from '../../admin/config-file';
import type { ConfigSection } from '../../admin/config-section';
import { applyCoded, planCoded } from '../departments/config-sync';
import { DepartmentModel } from '../departments/department.model';
import { CategoryModel, REQUIREMENTS } from './category.model';

/** One complaint category in the admin file. */
export const categoryItemSchema = z.object({
  code: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/),
  name: z.object({ th: z.string().trim().min(1).max(60), en: z.string().trim().max(60).optional(), my: z.string().trim().max(60).optional() }),
  departmentCode: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/),
  dueDays: z.number().int().min(1).max(180).default(15),
  photo: z.enum(REQUIREMENTS).default('optional'),
  location: z.enum(REQUIREMENTS).default('optional'),
  hotline: z.string().regex(/^[0-9]{3,10}$/).optional(),
  icon: z.string().max(8).optional(),
  active: z.boolean().optional(),
  sortOrder: z.number().int().min(0).max(10_000).optional(),
});
export type CategoryItem = z.infer<typeof categoryItemSchema>;

/** The fields the file governs: one left out of an item is reset or removed on apply. */
const managed = Object.keys(categoryItemSchema.shape).filter((k) => k !== 'code' && k !== 'active');

const model = CategoryModel as unknown as Model<never>;

/** The `categories` section of the admin configuration file; each names an existing, active department. */
export const categoriesConfigSection: ConfigSection<CategoryItem> & SectionChecks = {
  key: 'categories',
  itemSchema: categoryItemSchema,
  references: [{ field: 'departmentCode', section: 'departments', model: DepartmentModel as unknown as Model<never> }],
  plan: (items) => planCoded(model, items, managed),
  apply: (items, now) => applyCoded(model, items, managed, now),
};
