import { Types } from 'mongoose';
import type { ComplaintDoc } from '../../../src/features/complaints/complaint.model';
import { DIGEST_MAX_LINES } from '../../../src/features/officers/escalations';
import { reminderText, type Reminder } from '../../../src/features/officers/reminders';
import { translator } from '../../../src/i18n';

const DAY = 86_400_000;
const T0 = new Date('2027-03-01T02:00:00Z'); // 09.00 Bangkok
const th = translator('th');
const road = { th: 'ถนน/ทางเท้าชำรุด', en: 'Damaged road or footpath' };

function reminder(n: number, daysLeft: number): Reminder {
  const doc = { _id: new Types.ObjectId(), number: `C2570-${String(n).padStart(5, '0')}`, categoryCode: 'road', departmentCode: 'public-works', dueAt: new Date(T0.getTime() + (15 + n) * DAY) } as ComplaintDoc;
  return { doc, key: `reminder:${n}`, daysLeft, category: road };
}

describe('reminderText', () => {
  it('when there is one case, then it is the usual sentence', () => {
    expect(reminderText([reminder(1, 3)], th, 'th', true)).toBe('เตือน: เรื่อง C2570-00001 (ถนน/ทางเท้าชำรุด) กำหนดเสร็จ 17 มี.ค. 2570 (อีก 3 วัน)');
  });

  it('when there are several, then they are listed soonest first, with the delay hint when one is due today', () => {
    const text = reminderText([reminder(3, 3), reminder(1, 0), reminder(2, 3)], th, 'th', true);
    expect(text.split('\n')).toEqual([
      'เตือน: มีเรื่องใกล้ครบกำหนดเสร็จ 3 เรื่อง ดังนี้',
      '• C2570-00001 (ถนน/ทางเท้าชำรุด) ครบกำหนดวันนี้',
      '• C2570-00002 (ถนน/ทางเท้าชำรุด) กำหนดเสร็จ 18 มี.ค. 2570 (อีก 3 วัน)',
      '• C2570-00003 (ถนน/ทางเท้าชำรุด) กำหนดเสร็จ 19 มี.ค. 2570 (อีก 3 วัน)',
      'เรื่องที่ครบกำหนดวันนี้ หากไม่ทันกรุณาแจ้งเหตุล่าช้า',
    ]);
  });

  it('when there are more than fit, then the rest are counted and the holder is pointed to "งานของฉัน"', () => {
    const items = Array.from({ length: DIGEST_MAX_LINES + 4 }, (_, i) => reminder(i + 1, 3));
    const mine = reminderText(items, th, 'th', true).split('\n');
    expect(mine).toHaveLength(1 + DIGEST_MAX_LINES + 1);
    expect(mine[mine.length - 1]).toBe('และอีก 4 เรื่อง พิมพ์ "งานของฉัน" เพื่อดูทั้งหมด');
    const department = reminderText(items, th, 'th', false).split('\n');
    expect(department[department.length - 1]).toBe('และอีก 4 เรื่อง');
  });

  it('when the officer reads English, then the list is in English', () => {
    const text = reminderText([reminder(1, 3), reminder(2, 3)], translator('en'), 'en', true);
    expect(text.split('\n')[0]).toBe('Reminder: 2 cases are nearly due:');
    expect(text).toContain('Damaged road or footpath');
  });
});
