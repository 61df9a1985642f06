import { buildCaseCarousel, type CaseCardView } from '../../../flex-messages/complaints/case-list';
import { buildDuplicateHint } from '../../../flex-messages/complaints/duplicate-hint';
import { buildComplaintReceipt } from '../../../flex-messages/complaints/receipt';
import { buildStatusUpdate } from '../../../flex-messages/complaints/status-update';
import { buildComplaintSummary } from '../../../flex-messages/complaints/summary';
import { buildCaseTimeline, MAX_TIMELINE_ENTRIES } from '../../../flex-messages/complaints/timeline';
import { buildUrgentHotline } from '../../../flex-messages/complaints/urgent';
import { translator } from '../../../src/i18n';
import { findLimitProblems } from '../../../src/line/limits';
import { encodePostback } from '../../../src/line/postback';
import type { FlexMessage } from '../../../src/line/types';

const th = translator('th');
const en = translator('en');
const id = '0123456789abcdef01234567';
const data = (a: string) => encodePostback(`complaints.${a}`, { id });
const json = (m: FlexMessage) => JSON.stringify(m.contents);
const longThai = 'ถนนหน้าตลาดสดเป็นหลุมลึก รถจักรยานยนต์ล้มบ่อย '.repeat(25).slice(0, 1000);
const photo = `https://oa.example.go.th/photos/${id}?exp=1790000000&sig=${'x'.repeat(43)}`;

function card(n: number, open: boolean): CaseCardView {
  return { number: `C2569-${String(n).padStart(5, '0')}`, categoryName: 'ท่อระบาย/น้ำท่วมขัง', statusLabel: th(`complaints.status.${open ? 'in_progress' : 'closed'}`), open, ongoing: open, lastUpdate: '21 พ.ย. 2569 13.30 น.', dueDate: '6 ธ.ค. 2569', overdue: n % 2 === 0, following: n % 3 === 0, detailsData: data('details') };
}

describe('complaint flex cards', () => {
  it('when the summary is built with the longest description, then it is within LINE limits and shows every answer', () => {
    for (const t of [th, en]) {
      const m = buildComplaintSummary({ categoryName: 'ถนน/ทางเท้าชำรุด', description: longThai, photoCount: 5, location: 'ถนนเทศบาล 1', phone: '0812345678', actions: { confirm: data('x'), edit: data('y'), cancel: encodePostback('conversation.cancel') } }, t);
      expect(findLimitProblems([m])).toEqual([]);
      expect(m.altText).toBe(t('complaints.summary.altText', { category: 'ถนน/ทางเท้าชำรุด' }));
      expect(json(m)).toContain('0812345678');
    }
  });

  it('when the receipt is built, then it shows number, category, department, dates and what happens next', () => {
    const m = buildComplaintReceipt({ number: 'C2569-00042', categoryName: 'ไฟฟ้าส่องสว่าง', departmentName: 'กองช่าง', filedDate: '21 พ.ย. 2569', dueDate: '28 พ.ย. 2569', dueDays: 7, workingDays: false, detailsData: data('details') }, th);
    expect(findLimitProblems([m])).toEqual([]);
    expect(m.altText).toBe('เทศบาลได้รับเรื่องของท่านแล้ว เลขที่ C2569-00042 กำหนดแจ้งผลภายใน 28 พ.ย. 2569');
    for (const part of ['C2569-00042', 'ไฟฟ้าส่องสว่าง', 'กองช่าง', '21 พ.ย. 2569', 'ภายใน 7 วัน (ภายในวันที่ 28 พ.ย. 2569)']) expect(json(m)).toContain(part);
  });

  it('when the municipality counts working days, then the receipt says working days, in Thai and in English', () => {
    const view = { number: 'C2569-00042', categoryName: 'Street lights', departmentName: 'Public Works', filedDate: '20 Nov 2026', dueDate: '11 Dec 2026', dueDays: 15, workingDays: true, detailsData: data('details') };
    expect(json(buildComplaintReceipt(view, th))).toContain('ภายใน 15 วันทำการ (ภายในวันที่ 11 Dec 2026)');
    expect(json(buildComplaintReceipt(view, en))).toContain('within 15 working days (by 11 Dec 2026)');
    expect(json(buildComplaintReceipt({ ...view, dueDays: 1, workingDays: false }, en))).toContain('within 1 day (by');
  });

  it('when the citizen has ten cases, then the carousel has ten bubbles within 50 KB and marks overdue open cases', () => {
    const cases = Array.from({ length: 10 }, (_, i) => card(i + 1, i < 6));
    const m = buildCaseCarousel({ cases }, th);
    expect(findLimitProblems([m])).toEqual([]);
    expect(m.altText).toBe('เรื่องของท่าน 10 เรื่อง (ยังไม่ยุติ 6 เรื่อง)');
    expect((m.contents as { contents: unknown[] }).contents).toHaveLength(10);
    expect(json(m)).toContain('6 ธ.ค. 2569 (เกินกำหนด)');
  });

  it('when a description is longer than the card shows, then it ends with an ellipsis', () => {
    const tooLong = 'ก'.repeat(1200);
    const m = buildCaseTimeline({ number: 'C2569-00042', categoryName: 'ถนน', departmentName: 'กองช่าง', statusLabel: 'รับเรื่องแล้ว', open: true, description: tooLong, filedDate: '1 พ.ย. 2569', dueDate: '16 พ.ย. 2569', entries: [{ when: 'x', label: 'y', note: 'สั้น ๆ' }], actions: {} }, th);
    expect(json(m)).toContain(`"${'ก'.repeat(999)}…"`);
    expect(json(m)).toContain('"สั้น ๆ"');
  });

  it('when the list counts the cases, then a resolved case waiting for the citizen counts as not yet closed', () => {
    const cases = [card(1, true), { ...card(2, false), statusLabel: th('complaints.status.resolved'), ongoing: true }, card(3, false)];
    expect(buildCaseCarousel({ cases }, th).altText).toBe('เรื่องของท่าน 3 เรื่อง (ยังไม่ยุติ 2 เรื่อง)');
  });

  it('when more than ten cases are given, then only ten are shown', () => {
    const m = buildCaseCarousel({ cases: Array.from({ length: 14 }, (_, i) => card(i + 1, true)) }, en);
    expect(findLimitProblems([m])).toEqual([]);
    expect((m.contents as { contents: unknown[] }).contents).toHaveLength(10);
  });

  it('when a long timeline with photos is built, then it keeps the latest entries within 30 KB and offers the owner actions', () => {
    const entries = Array.from({ length: 30 }, (_, i) => ({ when: '21 พ.ย. 2569 13.30 น.', label: `รายการ ${i + 1}`, note: longThai, photoUrl: photo }));
    const m = buildCaseTimeline(
      { number: 'C2569-00042', categoryName: 'ถนน', departmentName: 'กองช่าง', statusLabel: 'ดำเนินการแล้วเสร็จ', open: false, description: longThai, filedDate: '1 พ.ย. 2569', dueDate: '16 พ.ย. 2569', entries, actions: { confirm: data('confirm'), reopen: data('reopen') } },
      th,
    );
    expect(findLimitProblems([m])).toEqual([]);
    expect(m.altText).toBe('เรื่อง C2569-00042 สถานะ: ดำเนินการแล้วเสร็จ');
    expect(json(m)).toContain(`รายการ 30`);
    expect(json(m)).not.toContain('"รายการ 1"');
    expect(json(m)).toContain(`มีรายการก่อนหน้านี้อีก ${30 - MAX_TIMELINE_ENTRIES} รายการ`);
    // The 1,000-character description is shown whole; the notes are cut with an ellipsis.
    expect(json(m)).toContain(JSON.stringify(longThai));
    expect(json(m)).toMatch(/"text":"[^"]{200,300}…"/);
    expect(json(m)).toContain('ยืนยันว่าเรียบร้อยแล้ว');
    expect(json(m)).toContain('ขอให้ดำเนินการเพิ่ม');
  });

  it('when a resolution is pushed, then it carries the after-photo, the note and the confirm and reopen buttons', () => {
    const m = buildStatusUpdate(
      { number: 'C2569-00042', categoryName: 'ถนน', statusLabel: 'ดำเนินการแล้วเสร็จ', headline: th('complaints.update.headline.resolved'), note: 'ซ่อมหลุมเรียบร้อย', photoUrl: photo, footnote: 'x', actions: { details: data('details'), confirm: data('confirm'), reopen: data('reopen') } },
      th,
    );
    expect(findLimitProblems([m])).toEqual([]);
    expect(m.altText).toBe('เรื่อง C2569-00042: ดำเนินการเรื่องของท่านแล้วเสร็จ ซ่อมหลุมเรียบร้อย');
    expect((m.contents as { hero?: { url: string } }).hero?.url).toBe(photo);
    expect(json(m)).toContain('ยืนยันว่าเรียบร้อยแล้ว');
  });

  it('when the duplicate hint and the hotline card are built, then they are within limits with meaningful alt texts', () => {
    const hint = buildDuplicateHint({ number: 'C2569-00007', categoryName: 'ไฟฟ้าส่องสว่าง', statusLabel: 'รับเรื่องแล้ว', filedDate: '20 พ.ย. 2569', distanceMeters: 23.4, people: 3, followData: data('x') }, th);
    expect(findLimitProblems([hint])).toEqual([]);
    expect(hint.altText).toBe('มีผู้แจ้งเรื่องนี้ไว้แล้ว (เลขที่ C2569-00007) ท่านติดตามเรื่องนั้นแทนได้');
    expect(json(hint)).toContain('ประมาณ 23 เมตร');
    expect(json(hint)).toContain('3 คน');
    expect(json(buildDuplicateHint({ number: 'C2569-00007', categoryName: 'Street lights', statusLabel: 'Received', filedDate: '20 Nov 2026', distanceMeters: 10, people: 1, followData: data('x') }, en))).toContain('"1 person"');
    expect(json(buildDuplicateHint({ number: 'C2569-00007', categoryName: 'Street lights', statusLabel: 'Received', filedDate: '20 Nov 2026', distanceMeters: 10, people: 2, followData: data('x') }, en))).toContain('"2 people"');
    const urgent = buildUrgentHotline({ categoryName: 'Medical emergency', hotline: '1669' }, en);
    expect(findLimitProblems([urgent])).toEqual([]);
    expect(urgent.altText).toBe('Medical emergency: an emergency. Please call 1669 now.');
    expect(json(urgent)).toContain('tel:1669');
  });
});
