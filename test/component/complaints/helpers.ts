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
