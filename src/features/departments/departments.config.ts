import type { Model } from 'mongoose';
import { z } from 'zod';
import type { ConfigSection } from '../../admin/config-section';
import { applyCoded, planCoded } from './config-sync';
import { DepartmentModel } from './department.model';

const nameSchema = z.object({ th: z.string().trim().min(1).max(120), en: z.string().trim().max(120).optional(), my: z.string().trim().max(120).optional() });

/** One department in the admin file. */
export const departmentItemSchema = z.object({
  code: z.string().regex(/^[a-z0-9][a-z0-9-]{1,39}$/),
  name: nameSchema,
  lineGroupId: z.string().regex(/^C[0-9a-f]{32}$/).optional(),
  isComplaintCentre: z.boolean().optional(),
  isLegalAffairs: z.boolean().optional(),
  active: z.boolean().optional(),
  sortOrder: z.number().int().min(0).max(10_000).optional(),
});
export type DepartmentItem = z.infer<typeof departmentItemSchema>;

/** The fields the file governs: one left out of an item is reset or removed on apply. */
const managed = Object.keys(departmentItemSchema.shape).filter((k) => k !== 'code' && k !== 'active');

const model = DepartmentModel as unknown as Model<never>;

/** The `departments` section of the admin configuration file. */
export const departmentsConfigSection: ConfigSection<DepartmentItem> = {
  key: 'departments',
  itemSchema: departmentItemSchema,
  plan: (items) => planCoded(model, items, managed),
  apply: (items, now) => applyCoded(model, items, managed, now),
};
