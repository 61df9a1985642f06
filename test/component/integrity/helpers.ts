import sharp from 'sharp';
import { flowAnswer } from '../../../src/conversation/engine';
import { REPORT_FLOW } from '../../../src/features/integrity/report.flow';
import { TRACK_FLOW } from '../../../src/features/integrity/track.flow';
import type { Message } from '../../../src/line/types';
import { DepartmentModel } from '../../../src/features/departments/department.model';
import { integrityFeature } from '../../../src/features/integrity';
import { helpFeature } from '../../../src/features/help/help.handlers';
import { usersFeature } from '../../../src/features/users/users.handlers';
import { useTestBot, type TestBot } from '../../support/bot';
import { events } from '../../support/webhook';

export interface FileReportOptions {
  named?: { name: string; phone: string };
  notify?: boolean;
  kind?: string;
  photos?: Buffer[];
  subject?: string;
  whenWhere?: string;
  description?: string;
  /** Leaves the dialog at the summary, unconfirmed. */
  stopBeforeConfirm?: boolean;
  /** Leaves the dialog at the evidence question, before any photo is sent. */
  stopAtEvidence?: boolean;
}


/** A small JPEG carrying EXIF (camera make, GPS-like data in the comment) for strip tests. */
export async function photoWithExif(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .jpeg()
    .withExif({ IFD0: { Make: 'SecretCam', Model: 'Whistle 1', Artist: 'Somchai Reporter' } })
    .toBuffer();
}

/** The reference and PIN shown in the receipt (the last flex with a reference). */
export function readReceipt(messages: Message[]): { reference: string; pin: string } {
  for (const m of [...messages].reverse()) {
    if (m.type !== 'flex') continue;
    const json = JSON.stringify(m);
    const reference = /R-[A-Z2-9]{10}/.exec(m.altText)?.[0];
    const pin = /"(?:รหัส PIN|PIN)"[^}]*}\s*,\s*\{[^}]*"text":"(\d{6})"/.exec(json)?.[1];
    if (reference && pin) return { reference, pin };
  }
  throw new Error('no receipt among the messages');
}

/** Files a report through signed webhooks, step by step, as a reporter would. */
export async function fileReport(bot: TestBot, userId: string, options: FileReportOptions = {}): Promise<{ reference: string; pin: string }> {
  const post = (data: string) => bot.send(events.postback(data, { userId }));
  const say = (text: string) => bot.send(events.text(text, { userId }));
  await say('แจ้งทุจริต');
  await post(flowAnswer(REPORT_FLOW, 'intro', 'go'));
  if (options.named) {
    await post(flowAnswer(REPORT_FLOW, 'mode', 'named'));
    await say(options.named.name);
    await say(options.named.phone);
  } else {
    await post(flowAnswer(REPORT_FLOW, 'mode', 'anonymous'));
  }
  await post(flowAnswer(REPORT_FLOW, 'kind', options.kind ?? 'money_or_gifts'));
  if (options.subject) await say(options.subject);
  else await post(flowAnswer(REPORT_FLOW, 'subject', 'skip'));
  await say(options.whenWhere ?? 'วันที่ 10 พ.ย. ช่วงบ่าย ที่จุดบริการงานทะเบียน');
  await say(options.description ?? 'เจ้าหน้าที่ขอเงิน 500 บาทเพื่อให้ได้บัตรเร็วขึ้น');
  if (options.stopAtEvidence) return { reference: '', pin: '' };
  for (const photo of options.photos ?? []) {
    const messageId = bot.line.addContent(photo, 'image/jpeg');
    await bot.send(events.image(messageId, { userId }));
  }
  await post(flowAnswer(REPORT_FLOW, 'evidence', 'done'));
  await post(flowAnswer(REPORT_FLOW, 'notify', options.notify ? 'yes' : 'no'));
  if (options.stopBeforeConfirm) return { reference: '', pin: '' };
  await post(flowAnswer(REPORT_FLOW, 'confirm', 'yes'));
  return readReceipt(bot.messagesTo(userId));
}

/** Tracks through the dialog: "ติดตามเบาะแส", the reference, then the PIN. */
export async function trackByDialog(bot: TestBot, userId: string, reference: string, pin: string): Promise<void> {
  await bot.send(events.text('ติดตามเบาะแส', { userId }));
  await bot.send(events.text(reference, { userId }));
  await bot.send(events.text(pin, { userId }));
}

export { TRACK_FLOW };

/** The legal affairs section: the only department whose officers may hold the integrity role. */
export async function seedLegalDepartment(code = 'legal'): Promise<void> {
  await DepartmentModel.create({ code, name: { th: 'งานนิติการ', en: 'Legal Affairs Section' }, isLegalAffairs: true });
}

/** The integrity files' setup: the bot with only the features these tests need (others are being built alongside). */
export function useIntegrityBot(env?: Record<string, string>): TestBot {
  return useTestBot({ features: [usersFeature, integrityFeature, helpFeature], env });
}
