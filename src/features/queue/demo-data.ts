import { clock } from '../../shared/clock';
import { queueServiceItemSchema, type QueueServiceItem } from './queue-services.config';
import { QueueServiceModel } from './service.model';

const WEEKDAYS_ONLY = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;
/** Public holidays of the demo year (Bangkok calendar days). */
const HOLIDAYS = ['2026-12-05', '2026-12-07', '2026-12-10', '2026-12-31', '2027-01-01', '2027-02-20', '2027-04-06', '2027-04-13', '2027-04-14', '2027-04-15'];

/** The demo municipality's counter services (เทศบาลตำบลบ้านสุขใจ). */
export const DEMO_QUEUE_SERVICES: QueueServiceItem[] = [
  {
    code: 'civil-registration',
    prefix: 'A',
    departmentCode: 'registration',
    name: { th: 'งานทะเบียนราษฎรและบัตรประชาชน', en: 'Civil registration and ID cards' },
    counters: [1, 2],
    // Lunch-hour service: the registration counters stay open through lunch.
    hours: [{ days: [...WEEKDAYS_ONLY], open: '08:30', close: '16:30' }],
    holidays: HOLIDAYS,
    dailyLimit: 120,
    minutesPerPerson: 10,
    rules: {
      howItWorks: { th: 'รับบัตรคิวแล้วรอเรียกตามลำดับก่อนหลัง ไม่มีการแซงคิว ท่านรอที่บ้านได้ ระบบจะแจ้งเตือนเมื่อใกล้ถึงคิว', en: 'Take a ticket and wait to be called, first come, first served; nobody jumps the queue. You may wait at home: we notify you when your turn is near.' },
      documents: [
        { th: 'บัตรประจำตัวประชาชน (ถ้ามี)', en: 'National ID card (if any)' },
        { th: 'ทะเบียนบ้านฉบับเจ้าบ้าน', en: 'House registration book' },
        { th: 'เอกสารที่เกี่ยวข้อง เช่น สูติบัตร ใบมรณบัตร', en: 'Related documents, e.g. birth or death certificate' },
      ],
    },
    sortOrder: 10,
  },
  {
    code: 'tax-payment',
    prefix: 'B',
    departmentCode: 'finance',
    name: { th: 'ชำระภาษีที่ดินและป้าย', en: 'Land and signboard tax payment' },
    counters: [1, 2, 3],
    hours: [{ days: [...WEEKDAYS_ONLY], open: '08:30', close: '16:30', lunchBreak: { start: '12:00', end: '13:00' } }],
    holidays: HOLIDAYS,
    dailyLimit: 200,
    minutesPerPerson: 6,
    rules: {
      howItWorks: { th: 'รับบัตรคิวแล้วรอเรียกตามลำดับ ชำระได้ทั้งเงินสดและโอนผ่านพร้อมเพย์ รับใบเสร็จที่ช่องบริการ', en: 'Take a ticket and wait your turn; pay in cash or by PromptPay and get the receipt at the counter.' },
      documents: [
        { th: 'ใบแจ้งการประเมินภาษี', en: 'Tax assessment notice' },
        { th: 'บัตรประจำตัวประชาชน', en: 'National ID card' },
      ],
    },
    sortOrder: 20,
  },
  {
    code: 'building-permit',
    prefix: 'C',
    departmentCode: 'public-works',
    name: { th: 'ขออนุญาตก่อสร้างอาคาร', en: 'Building permits' },
    counters: [1],
    hours: [{ days: [...WEEKDAYS_ONLY], open: '08:30', close: '16:00', lunchBreak: { start: '12:00', end: '13:00' } }],
    holidays: HOLIDAYS,
    dailyLimit: 40,
    minutesPerPerson: 20,
    rules: {
      howItWorks: { th: 'รับบัตรคิวแล้วรอเรียกตามลำดับ เจ้าหน้าที่ตรวจแบบและเอกสารเบื้องต้นที่ช่องบริการ', en: 'Take a ticket and wait your turn; the officer checks the plans and documents at the counter.' },
      documents: [
        { th: 'แบบแปลนอาคาร 5 ชุด', en: 'Five sets of building plans' },
        { th: 'สำเนาโฉนดที่ดิน', en: 'Copy of the land title deed' },
        { th: 'บัตรประจำตัวประชาชนและทะเบียนบ้าน', en: 'National ID card and house registration' },
      ],
    },
    sortOrder: 30,
  },
  {
    code: 'welfare-allowance',
    prefix: 'D',
    departmentCode: 'welfare',
    name: { th: 'ลงทะเบียนเบี้ยยังชีพผู้สูงอายุและผู้พิการ', en: 'Elderly and disability allowances' },
    counters: [1, 2],
    hours: [{ days: [...WEEKDAYS_ONLY], open: '08:30', close: '15:30', lunchBreak: { start: '12:00', end: '13:00' } }],
    holidays: HOLIDAYS,
    dailyLimit: 80,
    minutesPerPerson: 12,
    rules: {
      howItWorks: { th: 'รับบัตรคิวแล้วรอเรียกตามลำดับ ผู้สูงอายุและผู้พิการมาด้วยตนเองหรือมอบอำนาจได้', en: 'Take a ticket and wait your turn; applicants may come in person or send someone with a power of attorney.' },
      documents: [
        { th: 'บัตรประจำตัวประชาชน', en: 'National ID card' },
        { th: 'ทะเบียนบ้าน', en: 'House registration' },
        { th: 'สมุดบัญชีเงินฝากธนาคาร', en: 'Bank account passbook' },
        { th: 'บัตรประจำตัวคนพิการ (สำหรับเบี้ยความพิการ)', en: 'Disability card (for the disability allowance)' },
      ],
    },
    sortOrder: 40,
  },
];

/** Inserts the demo services that are missing; never changes existing ones. */
export async function loadQueueDemoData(now: Date = clock.now()): Promise<void> {
  for (const raw of DEMO_QUEUE_SERVICES) {
    const item = queueServiceItemSchema.parse(raw);
    await QueueServiceModel.updateOne({ code: item.code }, { $setOnInsert: { ...item, active: true, createdAt: now, updatedAt: now } }, { upsert: true, timestamps: false });
  }
}
