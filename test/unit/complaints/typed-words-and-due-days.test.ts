import { translator } from '../../../src/i18n';
import type { BotInput } from '../../../src/line/input';
import { typedChoice, typedForm } from '../../../src/features/complaints/typed-words';
import { calendarDaysBetween, daysUntilDue, dueDateAfter } from '../../../src/features/complaints/due-dates';

const text = (value: string): BotInput => ({ kind: 'text', text: value, raw: value });
const th = { t: translator('th') };
const my = { t: translator('my') };
const SKIP = { done: ['complaints.file.noPhoto', 'complaints.file.photosDone'] } as const;

describe('typed button labels', () => {
  it.each(['ไม่มีรูป', 'ไม่มีรูปครับ', 'ไม่มีรูป ค่ะ', 'ไม่มีรูปนะคะ', 'ถัดไป', 'No photo', 'NEXT', ' next '])('when "%s" is typed at the photos step, then it reads as the button', (typed) => {
    expect(typedChoice(text(typed), th, SKIP)).toBe('done');
  });

  it.each(['ไม่มีรูปครับ เดี๋ยวส่งทีหลัง', 'รูปอยู่ในมือถืออีกเครื่อง', 'ครับ', 'ไม่มี', ''])('when "%s" is typed, then it is not taken for a button', (typed) => {
    expect(typedChoice(text(typed), th, SKIP)).toBeUndefined();
  });

  it('when the input is not text, then nothing is read from it', () => {
    expect(typedChoice({ kind: 'sticker' }, th, SKIP)).toBeUndefined();
  });

  it('when a Burmese speaker types their own label, then it reads as the button too', () => {
    expect(typedChoice(text(translator('my')('complaints.file.noPhoto')), my, SKIP)).toBe('done');
  });

  it('when a label carries arrows or an icon, then the words alone match', () => {
    expect(typedForm('ประเภทอื่น ▶')).toBe('ประเภทอื่น');
    expect(typedForm('◀ Back')).toBe('back');
    expect(typedForm('💡 ไฟฟ้าส่องสว่าง')).toBe('ไฟฟ้าส่องสว่าง');
  });
});

describe('days until the due date', () => {
  const friday = new Date('2026-11-20T03:00:00Z'); // Friday 20 Nov 2026, 10.00 in Bangkok

  it('when calendar days are counted, then 15 days after filing is 15', () => {
    expect(daysUntilDue(friday, dueDateAfter(friday, 15, 'calendar'), 'calendar')).toBe(15);
  });

  it('when working days are counted, then the weekends are not, and the count is the one the due date was set with', () => {
    const due = dueDateAfter(friday, 15, 'working');
    expect(due.toISOString()).toBe('2026-12-11T03:00:00.000Z');
    expect(daysUntilDue(friday, due, 'working')).toBe(15);
    expect(daysUntilDue(friday, due, 'calendar')).toBe(21);
  });

  it('when the due date is the same day, then it still says 1', () => {
    expect(daysUntilDue(friday, friday, 'working')).toBe(1);
  });

  it('when calendar days between two moments are counted, then Bangkok days are used: 0 on the same day, negative after it', () => {
    const due = new Date('2027-03-16T02:00:00Z'); // 09.00 on 16 มี.ค.
    expect(calendarDaysBetween(new Date('2027-03-13T01:00:00Z'), due)).toBe(3);
    expect(calendarDaysBetween(new Date('2027-03-15T16:59:00Z'), due)).toBe(1); // 23.59 on the 15th
    expect(calendarDaysBetween(new Date('2027-03-15T17:00:00Z'), due)).toBe(0); // midnight Bangkok
    expect(calendarDaysBetween(new Date('2027-03-17T02:00:00Z'), due)).toBe(-1);
  });
});
