import type { CategoryItem } from './categories.config';

/**
 * The demo municipality's complaint categories. Urgent matters come first and answer with the
 * hotline to call; everything else is filed and routed to the department that handles it.
 */
export const DEMO_CATEGORIES: CategoryItem[] = [
  { code: 'fire', name: { th: 'ไฟไหม้', en: 'Fire' }, departmentCode: 'clerk', dueDays: 1, photo: 'none', location: 'none', hotline: '199', icon: '🔥', sortOrder: 1 },
  { code: 'medical-emergency', name: { th: 'เจ็บป่วยฉุกเฉิน', en: 'Medical emergency' }, departmentCode: 'clerk', dueDays: 1, photo: 'none', location: 'none', hotline: '1669', icon: '🚑', sortOrder: 2 },
  { code: 'crime', name: { th: 'เหตุร้ายกำลังเกิด', en: 'Crime in progress' }, departmentCode: 'clerk', dueDays: 1, photo: 'none', location: 'none', hotline: '191', icon: '🚓', sortOrder: 3 },
  { code: 'street-light', name: { th: 'ไฟฟ้าส่องสว่าง', en: 'Street lights' }, departmentCode: 'public-works', dueDays: 7, photo: 'optional', location: 'required', icon: '💡', sortOrder: 10 },
  { code: 'road', name: { th: 'ถนน/ทางเท้าชำรุด', en: 'Roads and footpaths' }, departmentCode: 'public-works', dueDays: 15, photo: 'required', location: 'required', icon: '🛣️', sortOrder: 20 },
  { code: 'drainage', name: { th: 'ท่อระบาย/น้ำท่วมขัง', en: 'Drains and flooding' }, departmentCode: 'public-works', dueDays: 15, photo: 'optional', location: 'required', icon: '🌊', sortOrder: 30 },
  { code: 'water-supply', name: { th: 'น้ำประปา', en: 'Water supply' }, departmentCode: 'public-works', dueDays: 7, photo: 'optional', location: 'optional', icon: '🚰', sortOrder: 40 },
  { code: 'garbage', name: { th: 'ขยะมูลฝอย', en: 'Garbage' }, departmentCode: 'health-env', dueDays: 7, photo: 'optional', location: 'required', icon: '🗑️', sortOrder: 50 },
  { code: 'nuisance', name: { th: 'เสียง/กลิ่น/ควัน', en: 'Noise, smell, smoke' }, departmentCode: 'health-env', dueDays: 15, photo: 'optional', location: 'optional', icon: '📢', sortOrder: 60 },
  { code: 'stray-animals', name: { th: 'สัตว์จรจัด', en: 'Stray animals' }, departmentCode: 'health-env', dueDays: 15, photo: 'optional', location: 'optional', icon: '🐕', sortOrder: 70 },
  { code: 'trees', name: { th: 'ต้นไม้/กิ่งไม้', en: 'Trees and branches' }, departmentCode: 'public-works', dueDays: 15, photo: 'optional', location: 'required', icon: '🌳', sortOrder: 80 },
  { code: 'public-order', name: { th: 'ระเบียบ/หาบเร่แผงลอย', en: 'Public order/vending' }, departmentCode: 'clerk', dueDays: 15, photo: 'optional', location: 'optional', icon: '🏪', sortOrder: 90 },
  { code: 'officer-conduct', name: { th: 'พฤติกรรมเจ้าหน้าที่', en: 'Officer conduct' }, departmentCode: 'clerk', dueDays: 15, photo: 'optional', location: 'none', icon: '🙋', sortOrder: 100 },
  { code: 'other', name: { th: 'เรื่องอื่น ๆ', en: 'Other' }, departmentCode: 'clerk', dueDays: 15, photo: 'optional', location: 'optional', icon: '📝', sortOrder: 110 },
];
