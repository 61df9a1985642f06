import { events } from '../../support/webhook';
import { clock } from '../../../src/shared/clock';
import { ComplaintModel } from '../../../src/features/complaints/complaint.model';
import { SessionModel } from '../../../src/conversation/session.model';
import { answer, exchange, phoneJpeg, quickLabels, reachStep, say, sendImageSet, TH, useComplaintsBot, type DraftStep } from './helpers';

const bot = useComplaintsBot();
const U = 'U_bad_1';

const currentStep = async () => (await SessionModel.findOne({ userId: U }).lean())?.stepId;

const reach = (target: DraftStep) => reachStep(bot, U, target);

const { category: CATEGORY_Q, description: DESCRIPTION_Q, photos: PHOTOS_Q, location: LOCATION_Q, phone: PHONE_Q, summary: SUMMARY } = TH;
const CHOOSE_CATEGORY = 'กรุณาเลือกประเภทเรื่องจากปุ่ม หรือพิมพ์ชื่อประเภทตามรายการ';
const TEXT_PLEASE = 'กรุณาพิมพ์รายละเอียดเป็นข้อความ';

describe('bad input while filing', () => {
  const cases: [string, Parameters<typeof reach>[0], () => unknown, string, string][] = [
    ['a sticker', 'category', () => events.sticker({ userId: U }), CHOOSE_CATEGORY, CATEGORY_Q],
    ['unknown text', 'category', () => events.text('อยากแจ้งเรื่องถนน', { userId: U }), CHOOSE_CATEGORY, CATEGORY_Q],
    ['a removed category', 'category', () => events.postback(answer('category', 'no-such'), { userId: U }), 'ประเภทเรื่องนี้ไม่เปิดรับแล้ว กรุณาเลือกประเภทใหม่', CATEGORY_Q],
    ['a sticker', 'description', () => events.sticker({ userId: U }), TEXT_PLEASE, DESCRIPTION_Q],
    ['a file', 'description', () => events.file({ userId: U }), TEXT_PLEASE, DESCRIPTION_Q],
    ['a too-short description', 'description', () => events.text('ไฟดับ', { userId: U }), 'รายละเอียดสั้นเกินไป กรุณาเล่าเพิ่มอีกเล็กน้อย (อย่างน้อย 10 ตัวอักษร) เพื่อให้เจ้าหน้าที่เข้าใจปัญหา', DESCRIPTION_Q],
    ['a too-long description', 'description', () => events.text('ก'.repeat(1001), { userId: U }), 'รายละเอียดยาว 1001 ตัวอักษร เกินกำหนด 1000 ตัวอักษร กรุณาสรุปให้สั้นลง', DESCRIPTION_Q],
    // A sentence is not the "no photo" word (typing the word itself is accepted: typed-answers.test).
    ['text', 'photos', () => events.text('รูปอยู่ในมือถืออีกเครื่อง', { userId: U }), 'ขั้นตอนนี้รอรับรูปภาพ', PHOTOS_Q],
    ['a sticker', 'photos', () => events.sticker({ userId: U }), 'ขั้นตอนนี้รอรับรูปภาพ', PHOTOS_Q],
    ['text', 'location', () => events.text('หน้าวัด', { userId: U }), 'ขั้นตอนนี้รอรับตำแหน่งที่เกิดเหตุ', LOCATION_Q],
    ['a sticker', 'location', () => events.sticker({ userId: U }), 'ขั้นตอนนี้รอรับตำแหน่งที่เกิดเหตุ', LOCATION_Q],
    ['a forged skip of a required location', 'location', () => events.postback(answer('location', 'skip'), { userId: U }), 'เรื่องประเภทนี้ต้องระบุตำแหน่งที่เกิดเหตุ', LOCATION_Q],
    ['a typed skip of a required location', 'location', () => events.text('ข้าม', { userId: U }), 'เรื่องประเภทนี้ต้องระบุตำแหน่งที่เกิดเหตุ', LOCATION_Q],
    ['a wrong phone number', 'phone', () => events.text('12345', { userId: U }), 'หมายเลขโทรศัพท์ไม่ถูกต้อง กรุณาพิมพ์เบอร์มือถือ 10 หลัก หรือเบอร์บ้าน 9 หลัก เช่น 0812345678', PHONE_Q],
    ['a sticker', 'phone', () => events.sticker({ userId: U }), 'ขั้นตอนนี้รอรับหมายเลขโทรศัพท์', PHONE_Q],
    ['text', 'confirm', () => events.text('โอเค', { userId: U }), 'กรุณากด "ยืนยันการแจ้งเรื่อง" หรือ "แก้ไข" ที่การ์ดสรุปด้านล่าง', SUMMARY],
    ['a file', 'confirm', () => events.file({ userId: U }), 'กรุณากด "ยืนยันการแจ้งเรื่อง" หรือ "แก้ไข" ที่การ์ดสรุปด้านล่าง', SUMMARY],
  ];
  it.each(cases)('when %s comes at the %s step, then a short explanation and the same question come back', async (_what, at, event, explanation, question) => {
    await reach(at);
    const replies = await exchange(bot, U, event());
    expect(replies.map(say)).toEqual([explanation, question]);
    expect(await currentStep()).toBe(at);
  });

  it('when a photo is required and the citizen presses a forged "next" without one, then the photo is asked for again', async () => {
    await bot.send(events.text('แจ้งเรื่อง', { userId: U }));
    await bot.send(events.postback(answer('category', 'road'), { userId: U }));
    await bot.send(events.text('ถนนหน้าตลาดเป็นหลุมลึกมาก', { userId: U }));
    const replies = await exchange(bot, U, events.postback(answer('photos', 'done'), { userId: U }));
    expect(replies.map(say)).toEqual(['เรื่องประเภทนี้ต้องมีรูปภาพประกอบอย่างน้อย 1 รูป', TH.photosRequired]);
  });

  it.each(['category', 'description', 'photos', 'location', 'phone', 'confirm'] as const)('when the citizen cancels at the %s step, then the flow ends and nothing is filed', async (at) => {
    await reach(at);
    const replies = await exchange(bot, U, events.text('ยกเลิก', { userId: U }));
    expect(replies.map(say)).toEqual(['ยกเลิกการแจ้งเรื่องร้องเรียนแล้ว']);
    expect(await SessionModel.countDocuments({ userId: U })).toBe(0);
    expect(await ComplaintModel.countDocuments()).toBe(0);
  });

  it('when the cancel quick reply is pressed, then the flow ends the same way', async () => {
    await reach('description');
    const replies = await exchange(bot, U, events.postback('v=1&a=conversation.cancel', { userId: U }));
    expect(replies.map(say)).toEqual(['ยกเลิกการแจ้งเรื่องร้องเรียนแล้ว']);
  });

  it('when the citizen is idle for more than 30 minutes, then the next message says the complaint expired', async () => {
    await reach('photos');
    clock.advance(31 * 60_000);
    const replies = await exchange(bot, U, events.text('ไฟดับอีกแล้ว', { userId: U }));
    // No number of minutes: each flow has its own time limit.
    expect(say(replies[0])).toBe('การแจ้งเรื่องร้องเรียนที่ค้างไว้หมดเวลาแล้ว เนื่องจากไม่มีการตอบนานเกินกำหนด หากต้องการทำต่อ กรุณาเริ่มใหม่');
    expect(await SessionModel.countDocuments({ userId: U })).toBe(0);
  });

  it('when the citizen is idle for 29 minutes, then the flow goes on', async () => {
    await reach('photos');
    clock.advance(29 * 60_000);
    const replies = await exchange(bot, U, events.postback(answer('photos', 'done'), { userId: U }));
    expect(replies.map(say)).toEqual([LOCATION_Q]);
  });

  it('when a photo and a map pin are sent at the description step, then both are kept and the description is asked again', async () => {
    await reach('description');
    bot.line.addContent(await phoneJpeg(), 'image/jpeg', 'early-photo');
    let replies = await exchange(bot, U, events.image('early-photo', { userId: U }));
    expect(replies.map(say)).toEqual(['ได้รับรูปภาพแล้ว (1/5 รูป)', DESCRIPTION_Q]);
    replies = await exchange(bot, U, events.location(18.8, 98.99, { userId: U }));
    expect(replies.map(say)).toEqual(['ได้รับตำแหน่งที่เกิดเหตุแล้ว', DESCRIPTION_Q]);
    await bot.send(events.text('ไฟถนนซอย 3 ดับทั้งซอย มืดมาก', { userId: U }));
    replies = bot.repliesTo(U).slice(-1);
    expect(say(replies[0])).toBe('ได้รับรูปภาพแล้ว 1 รูป ส่งเพิ่มได้อีก (ไม่เกิน 5 รูป) หรือกดหรือพิมพ์ "ถัดไป"');
    // The location was given already: the next question after photos is the phone.
    replies = await exchange(bot, U, events.postback(answer('photos', 'done'), { userId: U }));
    expect(replies.map(say)).toEqual([PHONE_Q]);
  });

  it('when downloading a photo fails, then the citizen is told and the flow goes on', async () => {
    await reach('photos');
    bot.line.failNext('content', 500, 'boom', 5);
    let replies = await exchange(bot, U, events.image('missing-photo', { userId: U }));
    expect(replies.map(say)).toEqual(['ขออภัย ระบบรับรูปภาพนี้ไม่สำเร็จ กรุณาส่งใหม่อีกครั้ง หรือดำเนินการต่อโดยไม่มีรูปนี้', PHOTOS_Q]);
    replies = await exchange(bot, U, events.postback(answer('photos', 'done'), { userId: U }));
    expect(replies.map(say)).toEqual([LOCATION_Q]);
  });

  it('when a file that is not a picture is sent as a photo, then it is refused with the reason and the flow goes on', async () => {
    await reach('photos');
    bot.line.addContent(Buffer.from('%PDF-1.4 not a picture'), 'image/jpeg', 'fake-jpeg');
    const replies = await exchange(bot, U, events.image('fake-jpeg', { userId: U }));
    expect(replies.map(say)).toEqual(['ไฟล์นี้ไม่ใช่รูปภาพที่ระบบรับได้ (รับเฉพาะ JPEG, PNG และ WebP)', PHOTOS_Q]);
  });

  it('when seven photos come as one image set, then five are kept and the citizen is told the rest were not', async () => {
    await reach('photos');
    const replies = await sendImageSet(bot, U, 7);
    expect(replies.map(say)).toEqual(['รับรูปภาพได้ไม่เกิน 5 รูป ระบบไม่ได้บันทึกรูปที่เกิน', 'ได้รับรูปภาพครบ 5 รูปแล้ว กรุณากดหรือพิมพ์ "ถัดไป"']);
    expect(quickLabels(replies[1])).toEqual(['ถัดไป', 'ยกเลิก']);
    const session = await SessionModel.findOne({ userId: U }).lean();
    expect((session?.answers as { photos: unknown[] }).photos).toHaveLength(5);
  });

  it('when the citizen edits the description from the summary, then the summary comes back with the new text', async () => {
    await reach('confirm');
    let replies = await exchange(bot, U, events.postback(answer('confirm', 'edit'), { userId: U }));
    expect(say(replies[0])).toBe(TH.editWhat);
    expect(quickLabels(replies[0])).toEqual(['ประเภทเรื่อง', 'รายละเอียด', 'ส่งรูปใหม่แทนรูปเดิม', 'ตำแหน่ง', 'เบอร์โทรศัพท์', 'กลับไปหน้าสรุป', 'ยกเลิก']);
    replies = await exchange(bot, U, events.postback(answer('editWhat', 'description'), { userId: U }));
    expect(say(replies[0])).toBe(DESCRIPTION_Q);
    replies = await exchange(bot, U, events.text('ไฟถนนซอย 5 ดับสามดวงติดกัน', { userId: U }));
    expect(replies.map(say)).toEqual([SUMMARY]);
    expect(JSON.stringify(replies[0])).toContain('ไฟถนนซอย 5 ดับสามดวงติดกัน');
  });

  it('when a button of the filing flow is pressed after it ended, then the citizen is told the question is over', async () => {
    const replies = await exchange(bot, U, events.postback(answer('photos', 'done'), { userId: U }));
    expect(replies.map(say)).toEqual(['คำถามนี้สิ้นสุดแล้ว กรุณาเริ่มใหม่จากเมนู']);
  });

  it('when the confirm button is pressed twice (two events), then one case is filed and the second press is told the question is over', async () => {
    await reach('confirm');
    await bot.send(events.postback(answer('confirm', 'confirm'), { userId: U }));
    const second = await exchange(bot, U, events.postback(answer('confirm', 'confirm'), { userId: U }));
    expect(second.map(say)).toEqual(['คำถามนี้สิ้นสุดแล้ว กรุณาเริ่มใหม่จากเมนู']);
    expect(await ComplaintModel.countDocuments()).toBe(1);
  });
});
