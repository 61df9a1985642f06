import sharp from 'sharp';
import { events } from '../../support/webhook';
import { onDomainEvent, type DomainEvents } from '../../../src/shared/domain-events';
import { ComplaintModel } from '../../../src/features/complaints/complaint.model';
import { SessionModel } from '../../../src/conversation/session.model';
import { readPhoto } from '../../../src/features/photos/photos.service';
import { answer, exchange, phoneJpeg, quickLabels, say, useComplaintsBot } from './helpers';
import type { FlexMessage } from '../../../src/line/types';

const bot = useComplaintsBot();
const U = 'U_filer_1';
const filed: DomainEvents['complaint.filed'][] = [];

beforeAll(() => {
  onDomainEvent('complaint.filed', (e) => {
    filed.push(e);
  });
});
beforeEach(() => {
  filed.length = 0;
});

describe('filing a complaint', () => {
  it('when a citizen goes through every step, then each question comes in turn and the case is filed with a receipt', async () => {
    let replies = await exchange(bot, U, events.text('แจ้งเรื่อง', { userId: U }));
    expect(replies).toHaveLength(1);
    expect(say(replies[0])).toBe('กรุณาเลือกประเภทเรื่องที่ต้องการแจ้ง\nหากเป็นเหตุฉุกเฉิน เช่น ไฟไหม้ คนเจ็บป่วย หรือเหตุร้าย โปรดโทรแจ้งสายด่วนทันที');
    expect(quickLabels(replies[0])).toEqual([
      '🔥 ไฟไหม้', '🚑 เจ็บป่วยฉุกเฉิน', '🚓 เหตุร้ายกำลังเกิด', '💡 ไฟฟ้าส่องสว่าง', '🛣️ ถนน/ทางเท้าชำรุด', 'ท่อระบาย/น้ำท่วมขัง', '🚰 น้ำประปา', '🗑️ ขยะมูลฝอย', '📢 เสียง/กลิ่น/ควัน', '🐕 สัตว์จรจัด', 'ประเภทอื่น ▶', 'ยกเลิก',
    ]);

    replies = await exchange(bot, U, events.postback(answer('category', 'page:2'), { userId: U }));
    expect(say(replies[0])).toBe('ประเภทเรื่องเพิ่มเติม (หน้า 2/2) กรุณาเลือกประเภทเรื่อง');
    expect(quickLabels(replies[0])).toEqual(['◀ หน้าก่อน', '🌳 ต้นไม้/กิ่งไม้', 'ระเบียบ/หาบเร่แผงลอย', 'พฤติกรรมเจ้าหน้าที่', '📝 เรื่องอื่น ๆ', 'ยกเลิก']);

    replies = await exchange(bot, U, events.postback(answer('category', 'road'), { userId: U }));
    expect(say(replies[0])).toBe('เรื่อง ถนน/ทางเท้าชำรุด\nกรุณาพิมพ์รายละเอียดของปัญหา เช่น เกิดอะไรขึ้น ที่ไหน ตั้งแต่เมื่อไร (อย่างน้อย 10 ตัวอักษร)');

    replies = await exchange(bot, U, events.text('ถนนหน้าตลาดสดเป็นหลุมลึก รถจักรยานยนต์ล้มบ่อย', { userId: U }));
    expect(say(replies[0])).toBe('เรื่องประเภทนี้ต้องมีรูปภาพประกอบอย่างน้อย 1 รูป กรุณาถ่ายหรือเลือกรูปส่งมา (สูงสุด 5 รูป)');
    expect(quickLabels(replies[0])).toEqual(['ถ่ายรูป', 'เลือกรูป', 'ยกเลิก']);

    const jpeg = await phoneJpeg();
    bot.line.addContent(jpeg, 'image/jpeg', 'm-photo-1');
    bot.line.addContent(jpeg, 'image/jpeg', 'm-photo-2');
    const before = bot.repliesTo(U).length;
    await bot.send(events.image('m-photo-1', { userId: U, imageSet: { id: 'set1', index: 1, total: 2 } }), events.image('m-photo-2', { userId: U, imageSet: { id: 'set1', index: 2, total: 2 } }));
    replies = bot.repliesTo(U).slice(before);
    expect(replies.map(say)).toEqual(['ได้รับรูปภาพแล้ว 2 รูป ส่งเพิ่มได้อีก (สูงสุด 5 รูป) หรือกด "ถัดไป"']);
    expect(quickLabels(replies[0])).toEqual(['ถ่ายรูป', 'เลือกรูป', 'ถัดไป', 'ยกเลิก']);

    replies = await exchange(bot, U, events.postback(answer('photos', 'done'), { userId: U }));
    expect(say(replies[0])).toBe('กรุณาส่งตำแหน่งที่เกิดเหตุ โดยกด "ส่งตำแหน่ง" แล้วปักหมุดบนแผนที่ เพื่อให้เจ้าหน้าที่ไปถึงจุดได้ถูกต้อง');
    expect(replies[0]?.quickReply?.items?.map((i) => i.action?.type)).toEqual(['location', 'postback']);

    replies = await exchange(bot, U, events.location(18.7883, 98.9853, { userId: U, address: 'ถนนเทศบาล 1 ตำบลบ้านสุขใจ' }));
    expect(say(replies[0])).toBe('หากต้องการให้เจ้าหน้าที่โทรสอบถามเพิ่มเติม กรุณาพิมพ์หมายเลขโทรศัพท์ (ไม่บังคับ)\nหมายเลขนี้ใช้ติดต่อเรื่องที่แจ้งเท่านั้น และเห็นได้เฉพาะเจ้าหน้าที่ผู้รับผิดชอบ');
    expect(quickLabels(replies[0])).toEqual(['ไม่ระบุ', 'ยกเลิก']);

    replies = await exchange(bot, U, events.text('๐๘๑-๒๓๔-๕๖๗๘', { userId: U }));
    expect(replies).toHaveLength(1);
    expect(say(replies[0])).toBe('สรุปเรื่องที่จะแจ้ง: ถนน/ทางเท้าชำรุด กรุณาตรวจสอบและกดยืนยัน');
    const summary = JSON.stringify((replies[0] as FlexMessage).contents);
    for (const part of ['ถนนหน้าตลาดสดเป็นหลุมลึก', '2 รูป', 'ถนนเทศบาล 1 ตำบลบ้านสุขใจ', '0812345678', 'ยืนยันการแจ้งเรื่อง', 'แก้ไข']) expect(summary).toContain(part);

    replies = await exchange(bot, U, events.postback(answer('confirm', 'confirm'), { userId: U }));
    expect(replies).toHaveLength(1);
    expect(say(replies[0])).toBe('เทศบาลได้รับเรื่องของท่านแล้ว เลขที่ C2569-00001 กำหนดแจ้งผลภายใน 6 ธ.ค. 2569');
    const receipt = JSON.stringify((replies[0] as FlexMessage).contents);
    for (const part of ['C2569-00001', 'ถนน/ทางเท้าชำรุด', 'กองช่าง', '21 พ.ย. 2569', '6 ธ.ค. 2569', 'ภายใน 15 วัน']) expect(receipt).toContain(part);

    const doc = await ComplaintModel.findOne({ number: 'C2569-00001' }).lean();
    expect(doc).toMatchObject({
      citizenId: U,
      channel: 'line',
      categoryCode: 'road',
      departmentCode: 'public-works',
      status: 'received',
      description: 'ถนนหน้าตลาดสดเป็นหลุมลึก รถจักรยานยนต์ล้มบ่อย',
      phone: '0812345678',
      location: { latitude: 18.7883, longitude: 98.9853, address: 'ถนนเทศบาล 1 ตำบลบ้านสุขใจ' },
      year: 2569,
      seq: 1,
    });
    expect(doc?.filedAt.toISOString()).toBe('2026-11-21T03:00:00.000Z');
    expect(doc?.dueAt.toISOString()).toBe('2026-12-06T03:00:00.000Z');
    expect(doc?.photos).toHaveLength(2);
    expect(doc?.history).toEqual([expect.objectContaining({ from: null, to: 'received', kind: 'status', actor: { kind: 'citizen', id: U } })]);
    expect(filed).toEqual([{ caseId: doc?._id.toHexString(), caseNumber: 'C2569-00001', departmentCode: 'public-works', categoryCode: 'road', citizenId: U, channel: 'line' }]);
    expect(await SessionModel.countDocuments({ userId: U })).toBe(0);

    // The stored photo is a clean JPEG: upright, no EXIF (no device, no GPS).
    const stored = await readPhoto(doc!.photos[0].fileId);
    const meta = await sharp(stored!.data).metadata();
    expect(stored!.contentType).toBe('image/jpeg');
    expect(meta.format).toBe('jpeg');
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect([meta.width, meta.height]).toEqual([32, 64]);
    expect(stored!.data.includes(Buffer.from('TestPhone'))).toBe(false);
  });

  it('when the rich-menu button starts filing, then the category question comes', async () => {
    const replies = await exchange(bot, U, events.postback('v=1&a=complaints.start', { userId: U }));
    expect(say(replies[0])).toContain('กรุณาเลือกประเภทเรื่องที่ต้องการแจ้ง');
  });

  it('when an English speaker types "complaint", then the questions come in English', async () => {
    bot.line.profiles.set('U_en', { displayName: 'Ann', language: 'en' });
    const replies = await exchange(bot, 'U_en', events.text('complaint', { userId: 'U_en' }));
    expect(say(replies[0])).toBe('Please choose what your complaint is about.\nFor an emergency such as a fire, a medical emergency or a crime in progress, please call the hotline at once.');
    expect(quickLabels(replies[0])).toContain('💡 Street lights');
  });

  it('when an urgent category is chosen, then the hotline is given and nothing is filed', async () => {
    await bot.send(events.text('แจ้งเรื่อง', { userId: U }));
    const replies = await exchange(bot, U, events.postback(answer('category', 'fire'), { userId: U }));
    expect(replies.map(say)).toEqual(['ไฟไหม้: เหตุด่วน กรุณาโทร 199 ทันที']);
    expect(JSON.stringify(replies[0])).toContain('tel:199');
    expect(await ComplaintModel.countDocuments()).toBe(0);
    expect(await SessionModel.countDocuments({ userId: U })).toBe(0);
  });
});
