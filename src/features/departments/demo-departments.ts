/**
 * The demo municipality's departments (เทศบาลตำบลบ้านสุขใจ). Other features' demo data relies on
 * these codes, so they never change.
 */
export interface DepartmentSeed {
  code: string;
  name: { th: string; en: string; my?: string };
  isComplaintCentre?: boolean;
  isLegalAffairs?: boolean;
  sortOrder: number;
}

export const DEMO_DEPARTMENTS: DepartmentSeed[] = [
  { code: 'clerk', name: { th: 'สำนักปลัดเทศบาล', en: 'Office of the Municipal Clerk' }, isComplaintCentre: true, sortOrder: 10 },
  { code: 'legal', name: { th: 'งานนิติการ', en: 'Legal Affairs Section' }, isLegalAffairs: true, sortOrder: 20 },
  { code: 'registration', name: { th: 'งานทะเบียนราษฎร', en: 'Civil Registration Section' }, sortOrder: 30 },
  { code: 'finance', name: { th: 'กองคลัง', en: 'Finance Division' }, sortOrder: 40 },
  { code: 'public-works', name: { th: 'กองช่าง', en: 'Public Works Division' }, sortOrder: 50 },
  { code: 'health-env', name: { th: 'กองสาธารณสุขและสิ่งแวดล้อม', en: 'Public Health and Environment Division' }, sortOrder: 60 },
  { code: 'education', name: { th: 'กองการศึกษา', en: 'Education Division' }, sortOrder: 70 },
  { code: 'welfare', name: { th: 'กองสวัสดิการสังคม', en: 'Social Welfare Division' }, sortOrder: 80 },
  { code: 'audit', name: { th: 'หน่วยตรวจสอบภายใน', en: 'Internal Audit Unit' }, sortOrder: 90 },
];
