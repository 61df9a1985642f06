import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { useTestBot, type TestBot } from '../../support/bot';
import { events } from '../../support/webhook';
import { flowAnswer } from '../../../src/conversation/engine';
import { encodePostback } from '../../../src/line/postback';
import { FILE_FLOW_ID } from '../../../src/features/complaints/file-complaint.flow';
import { OfficerModel, type OfficerRole } from '../../../src/features/officers/officer.model';
import { loadDemoData } from '../../../src/features/complaints/demo-data';
import type { Message } from '../../../src/line/types';

/** The complaint dialog files' setup: the bot with every feature, and each test at 21 Nov 2569, 10.00 Bangkok, with the demo departments and categories. */
export function useComplaintsBot(): TestBot {
  const bot = useTestBot({ clockAt: '2026-11-21T03:00:00Z' });
  beforeEach(() => loadDemoData());
  return bot;
}

/** A JPEG from a phone: EXIF with the device and a GPS position, turned by the orientation tag. */
export async function phoneJpeg(width = 64, height = 32): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#7a7a7a' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'TestPhone', Model: 'X1' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '18/1 47/1 0/1' } })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

export const answer = (step: string, value: string) => flowAnswer(FILE_FLOW_ID, step, value);

/** A video, audio or file message as LINE sends it (the shared builders have only `file`). */
export function media(type: 'video' | 'audio' | 'file', userId: string): unknown {
  const base = events.file({ userId }) as Record<string, unknown>;
  const message = type === 'file' ? base.message : { type, id: randomUUID(), duration: 4000, contentProvider: { type: 'line' } };
  return { ...base, message };
}

/** The Thai questions of the filing dialog, word for word (street lights: photo optional, location required). */
export const TH = {
  category:
    'กรุณาเลือกประเภทเรื่องที่ต้องการแจ้ง หรือพิมพ์ชื่อประเภท: ไฟไหม้, เจ็บป่วยฉุกเฉิน, เหตุร้ายกำลังเกิด, ไฟฟ้าส่องสว่าง, ถนน/ทางเท้าชำรุด, ท่อระบาย/น้ำท่วมขัง, น้ำประปา, ขยะมูลฝอย, เสียง/กลิ่น/ควัน, สัตว์จรจัด (ดูประเภทอื่น พิมพ์ "ประเภทอื่น")\nหากเป็นเหตุฉุกเฉิน เช่น ไฟไหม้ คนเจ็บป่วย หรือเหตุร้าย โปรดโทรแจ้งสายด่วนทันที',
  categoryPage2: 'ประเภทเรื่องเพิ่มเติม (หน้า 2/2) กรุณาเลือก หรือพิมพ์ชื่อประเภท: ต้นไม้/กิ่งไม้, ระเบียบ/หาบเร่แผงลอย, พฤติกรรมเจ้าหน้าที่, เรื่องอื่น ๆ (ย้อนกลับ พิมพ์ "หน้าก่อน")',
  description: 'เรื่อง ไฟฟ้าส่องสว่าง\nกรุณาพิมพ์รายละเอียดของปัญหา เช่น เกิดอะไรขึ้น ที่ไหน ตั้งแต่เมื่อไร (อย่างน้อย 10 ตัวอักษร)',
  photos: 'หากมีรูปภาพประกอบ กรุณาถ่ายหรือเลือกรูปส่งมา (ไม่เกิน 5 รูป) หรือกดหรือพิมพ์ "ไม่มีรูป"',
  photosRequired: 'เรื่องประเภทนี้ต้องมีรูปภาพประกอบอย่างน้อย 1 รูป กรุณาถ่ายหรือเลือกรูปส่งมา (ไม่เกิน 5 รูป)',
  location: 'กรุณาส่งตำแหน่งที่เกิดเหตุ โดยกด "ส่งตำแหน่ง" แล้วปักหมุดบนแผนที่ เพื่อให้เจ้าหน้าที่ไปถึงจุดได้ถูกต้อง (ส่งตำแหน่งได้จาก LINE บนมือถือ)',
  locationOptional: 'กรุณาส่งตำแหน่งที่เกิดเหตุ โดยกด "ส่งตำแหน่ง" แล้วปักหมุดบนแผนที่ หรือกดหรือพิมพ์ "ข้าม"',
  phone: 'หากต้องการให้เจ้าหน้าที่โทรสอบถามเพิ่มเติม กรุณาพิมพ์หมายเลขโทรศัพท์ หากไม่ต้องการ กดหรือพิมพ์ "ไม่ระบุ"\nหมายเลขนี้ใช้ติดต่อเรื่องที่แจ้งเท่านั้น และเห็นได้เฉพาะเจ้าหน้าที่ผู้รับผิดชอบ',
  summary: 'สรุปเรื่องที่จะแจ้ง: ไฟฟ้าส่องสว่าง กรุณาตรวจสอบและกดยืนยัน',
  editWhat: 'ต้องการแก้ไขส่วนใด กดหรือพิมพ์: ประเภทเรื่อง, รายละเอียด, ส่งรูปใหม่แทนรูปเดิม, ตำแหน่ง, เบอร์โทรศัพท์, กลับไปหน้าสรุป',
};
export const caseAction = (action: string, id: string) => encodePostback(`complaints.${action}`, { id });

/** The text of a text message, or the altText of a flex one. */
export function say(message: Message | undefined): string {
  const m = message as { type?: string; text?: string; altText?: string } | undefined;
  return m?.type === 'text' ? (m.text ?? '') : (m?.altText ?? '');
}

/** Labels of the quick-reply items of a message. */
export function quickLabels(message: Message | undefined): string[] {
  return (message?.quickReply?.items ?? []).map((i) => (i.action as { label?: string }).label ?? '');
}

/** The replies to the last event the user sent (the last reply call for that user). */
export function lastReply(bot: TestBot, userId: string, before: number): Message[] {
  return bot.repliesTo(userId).slice(before);
}

/** Sends one event and returns the messages the user got by reply for it. */
export async function exchange(bot: TestBot, userId: string, event: unknown): Promise<Message[]> {
  const before = bot.repliesTo(userId).length;
  await bot.send(event);
  return bot.repliesTo(userId).slice(before);
}

/** The steps of the filing dialog, in order, as `reachStep` reaches them. */
export type DraftStep = 'category' | 'description' | 'photos' | 'location' | 'phone' | 'confirm' | 'editWhat';

/** Brings a citizen to a step of a street-light complaint (photo optional, location required), with the buttons. */
export async function reachStep(bot: TestBot, userId: string, target: DraftStep): Promise<void> {
  const answers: [DraftStep, unknown][] = [
    ['description', events.postback(answer('category', 'street-light'), { userId })],
    ['photos', events.text('ไฟถนนซอย 3 ดับทั้งซอย มืดมาก', { userId })],
    ['location', events.postback(answer('photos', 'done'), { userId })],
    ['phone', events.location(18.79, 98.98, { userId })],
    ['confirm', events.postback(answer('phone', 'skip'), { userId })],
    ['editWhat', events.postback(answer('confirm', 'edit'), { userId })],
  ];
  await bot.send(events.text('แจ้งเรื่อง', { userId }));
  let at: DraftStep = 'category';
  for (const [next, event] of answers) {
    if (at === target) return;
    await bot.send(event);
    at = next;
  }
}

/** Sends `count` phone photos as one LINE image set; returns the replies the user got for them. */
export async function sendImageSet(bot: TestBot, userId: string, count: number): Promise<Message[]> {
  const jpeg = await phoneJpeg();
  const setId = randomUUID().slice(0, 8);
  const set = Array.from({ length: count }, (_, i) => {
    bot.line.addContent(jpeg, 'image/jpeg', `${setId}-${i}`);
    return events.image(`${setId}-${i}`, { userId, imageSet: { id: setId, index: i + 1, total: count }, timestamp: Date.now() + i });
  });
  const before = bot.repliesTo(userId).length;
  await bot.send(...set);
  return bot.repliesTo(userId).slice(before);
}

/** Walks a citizen through filing a street-light complaint (photo optional, location required). */
export async function fileStreetLight(bot: TestBot, userId: string, opts: { latitude?: number; longitude?: number; description?: string } = {}): Promise<Message[]> {
  await bot.send(events.text('แจ้งเรื่อง', { userId }));
  await bot.send(events.postback(answer('category', 'street-light'), { userId }));
  await bot.send(events.text(opts.description ?? 'ไฟถนนหน้าบ้านเลขที่ 12 ดับมา 3 คืนแล้ว', { userId }));
  await bot.send(events.postback(answer('photos', 'done'), { userId }));
  await bot.send(events.location(opts.latitude ?? 18.7883, opts.longitude ?? 98.9853, { userId }));
  await bot.send(events.postback(answer('phone', 'skip'), { userId }));
  return exchange(bot, userId, events.postback(answer('confirm', 'confirm'), { userId }));
}

/** An active officer of a department. */
export async function addOfficer(lineUserId: string, name: string, departmentCode: string, roles: OfficerRole[] = ['officer']): Promise<void> {
  await OfficerModel.create({ lineUserId, name, departmentCode, roles, active: true, registeredAt: new Date() });
}
