import { DepartmentModel } from '../../../src/features/departments/department.model';
import { DEMO_DEPARTMENTS } from '../../../src/features/departments/demo-departments';
import { CategoryModel } from '../../../src/features/complaints/category.model';
import { DEMO_CATEGORIES } from '../../../src/features/complaints/demo-categories';
import { fileComplaint } from '../../../src/features/complaints/complaints.service';
import type { ComplaintDoc } from '../../../src/features/complaints/complaint.model';
import { OfficerModel, type OfficerRole } from '../../../src/features/officers/officer.model';
import { storeJpeg } from '../../../src/features/photos/photos.service';
import sharp from 'sharp';

/** The demo municipality's departments and categories, straight into the database. */
export async function seedMunicipality(): Promise<void> {
  await DepartmentModel.insertMany(DEMO_DEPARTMENTS.map((d) => ({ ...d, active: true })));
  await CategoryModel.insertMany(DEMO_CATEGORIES.map((c) => ({ ...c, active: true, sortOrder: c.sortOrder ?? 100 })));
}

/** An active officer bound to a LINE user. */
export async function addOfficer(lineUserId: string, departmentCode: string, name: string, roles: OfficerRole[] = ['officer'], now = new Date()) {
  return OfficerModel.create({ lineUserId, name, departmentCode, roles, active: true, registeredAt: now });
}

/** A small real JPEG. */
export async function jpeg(color = { r: 200, g: 80, b: 40 }): Promise<Buffer> {
  return sharp({ create: { width: 32, height: 24, channels: 3, background: color } }).jpeg().toBuffer();
}

/** A case filed by a citizen through the service (as the complaints flow would). */
export async function fileCase(now: Date, overrides: Partial<Parameters<typeof fileComplaint>[0]> = {}): Promise<ComplaintDoc> {
  const photo = await storeJpeg(await jpeg());
  return fileComplaint(
    {
      citizenId: 'U_citizen_1',
      channel: 'line',
      categoryCode: 'road',
      description: 'ถนนหน้าโรงเรียนเป็นหลุมลึก รถจักรยานยนต์ล้มแล้วสองคัน',
      photos: [photo],
      location: { latitude: 13.7563, longitude: 100.5018, address: 'ถนนเทศบาล 3' },
      phone: '0812345678',
      ...overrides,
    },
    now,
  );
}
