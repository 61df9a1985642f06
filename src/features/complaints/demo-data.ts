import { DEMO_DEPARTMENTS } from '../departments/demo-departments';
import { DepartmentModel } from '../departments/department.model';
import { categoryItemSchema } from './categories.config';
import { CategoryModel } from './category.model';
import { DEMO_CATEGORIES } from './demo-categories';

/**
 * Loads the demo municipality's departments and complaint categories where they are missing
 * (DEMO_DATA=true). Idempotent: existing items, even changed by an admin, are left alone.
 */
export async function loadDemoData(): Promise<{ departments: number; categories: number }> {
  let departments = 0;
  for (const dept of DEMO_DEPARTMENTS) {
    const res = await DepartmentModel.updateOne(
      { code: dept.code },
      { $setOnInsert: { code: dept.code, name: dept.name, isComplaintCentre: dept.isComplaintCentre ?? false, isLegalAffairs: dept.isLegalAffairs ?? false, active: true, sortOrder: dept.sortOrder } },
      { upsert: true },
    );
    departments += res.upsertedCount;
  }
  let categories = 0;
  for (const item of DEMO_CATEGORIES) {
    const category = categoryItemSchema.parse(item);
    const res = await CategoryModel.updateOne({ code: category.code }, { $setOnInsert: { ...category, active: true, sortOrder: category.sortOrder ?? 100 } }, { upsert: true });
    categories += res.upsertedCount;
  }
  return { departments, categories };
}
