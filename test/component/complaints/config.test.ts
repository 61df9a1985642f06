import { useTestDatabase } from '../../support/db';
import { CategoryModel } from '../../../src/features/complaints/category.model';
import { categoriesConfigSection } from '../../../src/features/complaints/categories.config';
import { loadDemoData } from '../../../src/features/complaints/demo-data';
import { DepartmentModel } from '../../../src/features/departments/department.model';
import { departmentsConfigSection } from '../../../src/features/departments/departments.config';
import { complaintsFeature } from '../../../src/features/complaints';

const db = useTestDatabase();
beforeEach(() => db.clear());
const now = new Date('2026-11-21T03:00:00Z');

describe('demo data and configuration', () => {
  it('when the demo data is loaded twice, then the departments and categories exist once and admin changes are kept', async () => {
    expect(await loadDemoData()).toEqual({ departments: 9, categories: 14 });
    await CategoryModel.updateOne({ code: 'road' }, { $set: { dueDays: 10 } });
    await complaintsFeature.loadDemoData?.();
    expect(await loadDemoData()).toEqual({ departments: 0, categories: 0 });
    expect((await DepartmentModel.find().lean()).map((d) => d.code).sort()).toEqual(['audit', 'clerk', 'education', 'finance', 'health-env', 'legal', 'public-works', 'registration', 'welfare']);
    expect(await DepartmentModel.findOne({ code: 'clerk' }).lean()).toMatchObject({ isComplaintCentre: true, name: { th: 'สำนักปลัดเทศบาล' } });
    expect(await DepartmentModel.findOne({ code: 'legal' }).lean()).toMatchObject({ isLegalAffairs: true });
    expect(await CategoryModel.findOne({ code: 'road' }).lean()).toMatchObject({ dueDays: 10, departmentCode: 'public-works', photo: 'required', location: 'required' });
    expect((await CategoryModel.find({ hotline: { $exists: true } }).lean()).map((c) => [c.code, c.hotline]).sort()).toEqual([
      ['crime', '191'],
      ['fire', '199'],
      ['medical-emergency', '1669'],
    ]);
  });

  it('when a categories file is planned and applied, then new, changed and missing items are reported and applying again changes nothing', async () => {
    await loadDemoData();
    const items = (await CategoryModel.find({ code: { $in: ['road', 'garbage'] } }).lean()).map((c) =>
      categoriesConfigSection.itemSchema.parse({ code: c.code, name: { th: c.name.th, en: c.name.en ?? undefined }, departmentCode: c.departmentCode, dueDays: c.dueDays, photo: c.photo, location: c.location, icon: c.icon ?? undefined, sortOrder: c.sortOrder }),
    );
    items[0] = { ...items[0], dueDays: 7 };
    items.push(categoriesConfigSection.itemSchema.parse({ code: 'flood-warning', name: { th: 'น้ำป่าไหลหลาก' }, departmentCode: 'clerk', hotline: '1784' }));
    const plan = await categoriesConfigSection.plan(items);
    expect(plan.filter((c) => c.action === 'create').map((c) => c.key)).toEqual(['flood-warning']);
    expect(plan.filter((c) => c.action === 'update').map((c) => c.key)).toEqual([items[0].code]);
    expect(plan.filter((c) => c.action === 'deactivate')).toHaveLength(12);
    expect(await CategoryModel.countDocuments({ active: true })).toBe(14);
    await categoriesConfigSection.apply(items, now);
    expect(await CategoryModel.countDocuments({ active: true })).toBe(3);
    expect(await CategoryModel.countDocuments()).toBe(15);
    expect((await categoriesConfigSection.apply(items, now)).every((c) => c.action === 'unchanged')).toBe(true);
  });

  it('when a department item is invalid, then the schema refuses it', () => {
    expect(departmentsConfigSection.itemSchema.safeParse({ code: 'Public Works', name: { th: 'กองช่าง' } }).success).toBe(false);
    expect(departmentsConfigSection.itemSchema.safeParse({ code: 'public-works', name: { th: 'กองช่าง' } }).success).toBe(true);
  });
});
