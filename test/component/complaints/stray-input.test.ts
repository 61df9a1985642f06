import { events } from '../../support/webhook';
import { ComplaintModel } from '../../../src/features/complaints/complaint.model';
import { SessionModel } from '../../../src/conversation/session.model';
import { answer, exchange, media, reachStep, say, TH, useComplaintsBot, type DraftStep } from './helpers';

const bot = useComplaintsBot();
const U = 'U_stray_1';

const session = async () => SessionModel.findOne({ userId: U }).lean();

const reach = (target: DraftStep) => reachStep(bot, U, target);

const EXPLAINED: Record<'category' | 'photos' | 'location' | 'phone', [string, string]> = {
  category: ['กรุณาเลือกประเภทเรื่องจากปุ่ม หรือพิมพ์ชื่อประเภทตามรายการ', TH.category],
  photos: ['ระบบรับเฉพาะรูปภาพ ไม่รับวิดีโอ เสียง หรือไฟล์', TH.photos],
  location: ['ขั้นตอนนี้รอรับตำแหน่งที่เกิดเหตุ', TH.location],
  phone: ['ขั้นตอนนี้รอรับหมายเลขโทรศัพท์', TH.phone],
};

describe('input the step does not take', () => {
  const steps = ['category', 'photos', 'location', 'phone'] as const;
  const kinds = [['a video', 'video'], ['a voice clip', 'audio'], ['a file', 'file']] as const;
  it.each(steps.flatMap((step) => kinds.map(([what, kind]) => [what, step, kind] as const)))('when %s comes at the %s step, then it is explained, the question comes again and nothing is kept', async (_what, step, kind) => {
    await reach(step);
    const before = await session();
    const replies = await exchange(bot, U, media(kind, U));
    expect(replies.map(say)).toEqual(EXPLAINED[step]);
    const after = await session();
    expect(after?.stepId).toBe(step);
    expect(after?.answers).toEqual(before?.answers);
  });

  it.each([
    ['the photos "next" button', 'location', answer('photos', 'done'), ['ขั้นตอนนี้รอรับตำแหน่งที่เกิดเหตุ', TH.location]],
    ['the location "skip" button', 'phone', answer('location', 'skip'), ['ขั้นตอนนี้รอรับหมายเลขโทรศัพท์', TH.phone]],
    ['a category button', 'confirm', answer('category', 'road'), ['กรุณากด "ยืนยันการแจ้งเรื่อง" หรือ "แก้ไข" ที่การ์ดสรุปด้านล่าง', TH.summary]],
    ['the phone "skip" button', 'editWhat', answer('phone', 'skip'), ['กรุณาเลือกส่วนที่ต้องการแก้ไขจากปุ่ม หรือพิมพ์ตามรายการ', TH.editWhat]],
  ] as const)('when %s of an earlier question is pressed at the %s step, then it is refused and nothing changes', async (_what, step, data, expected) => {
    await reach(step);
    const before = await session();
    const replies = await exchange(bot, U, events.postback(data, { userId: U }));
    expect(replies.map(say)).toEqual(expected);
    const after = await session();
    expect(after?.stepId).toBe(step);
    expect(after?.answers).toEqual(before?.answers);
  });

  it.each([
    ['a sticker', () => events.sticker({ userId: U })],
    ['text that is no choice', () => events.text('แก้เบอร์หน่อย', { userId: U })],
    ['a forged field', () => events.postback(answer('editWhat', 'status'), { userId: U })],
    ['a video', () => media('video', U)],
  ])('when %s comes at the edit step, then the choices come again and nothing is edited', async (_what, event) => {
    await reach('editWhat');
    const replies = await exchange(bot, U, event());
    expect(replies.map(say)).toEqual(['กรุณาเลือกส่วนที่ต้องการแก้ไขจากปุ่ม หรือพิมพ์ตามรายการ', TH.editWhat]);
    const after = await session();
    expect(after?.stepId).toBe('editWhat');
    expect(after?.answers).toMatchObject({ location: { latitude: 18.79, longitude: 98.98 }, photos: [] });
    expect(await ComplaintModel.countDocuments()).toBe(0);
  });
});
