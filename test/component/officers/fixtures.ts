import { DepartmentModel } from '../../../src/features/departments/department.model';
import { DEMO_DEPARTMENTS } from '../../../src/features/departments/demo-departments';
import { CategoryModel } from '../../../src/features/complaints/category.model';
import { DEMO_CATEGORIES } from '../../../src/features/complaints/demo-categories';
import { fileComplaint } from '../../../src/features/complaints/complaints.service';
import type { ComplaintDoc } from '../../../src/features/complaints/complaint.model';
import { OfficerModel, type OfficerRole } from '../../../src/features/officers/officer.model';
import { storeJpeg } from '../../../src/features/photos/photos.service';
import { officersFeature } from '../../../src/features/officers';
import { complaintsFeature } from '../../../src/features/complaints';
import { usersFeature } from '../../../src/features/users/users.handlers';
import { helpFeature } from '../../../src/features/help/help.handlers';
import { useTestBot, type TestBot } from '../../support/bot';
import sharp from 'sharp';

/** 1 March 2570 (2027), 09.00 Bangkok: where each officers test's clock stands (TTL fields are timed from it by clock.ttlAt). */
export const T0 = new Date('2027-03-01T02:00:00Z');
export const CITIZEN = 'U_citizen_1';
/** The public-works team of seedPublicWorksTeam(): two officers and their head. */
export const A = 'U_pw_somchai';
export const B = 'U_pw_wichai';
export const HEAD = 'U_pw_head';

/**
 * The officers files' setup: the bot with the officers feature, the citizens' complaints
 * feature (the citizen answers and reopens through it) and the users feature (follow, block),
 * and each test at T0.
 */
export function useOfficersBot(env?: Record<string, string>): TestBot {
  return useTestBot({ features: [usersFeature, complaintsFeature, officersFeature, helpFeature], env, clockAt: T0 });
}

/** The demo municipality's departments and categories, straight into the database. */
export async function seedMunicipality(): Promise<void> {
  await DepartmentModel.insertMany(DEMO_DEPARTMENTS.map((d) => ({ ...d, active: true })));
  await CategoryModel.insertMany(DEMO_CATEGORIES.map((c) => ({ ...c, active: true, sortOrder: c.sortOrder ?? 100 })));
}

/** The demo municipality with the public-works team (A, B and HEAD) registered. */
export async function seedPublicWorksTeam(): Promise<void> {
  await seedMunicipality();
  await addOfficer(A, 'public-works', 'สมชาย ช่างดี');
  await addOfficer(B, 'public-works', 'วิชัย รักงาน');
  await addOfficer(HEAD, 'public-works', 'สมศรี หัวหน้า', ['officer', 'head']);
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
      citizenId: CITIZEN,
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
