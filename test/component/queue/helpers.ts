import { DepartmentModel } from '../../../src/features/departments/department.model';
import { OfficerModel } from '../../../src/features/officers/officer.model';
import { loadQueueDemoData } from '../../../src/features/queue/demo-data';
import { QueueTicketModel } from '../../../src/features/queue/ticket.model';
import { QUEUE_TIMER_JOB, queueFeature } from '../../../src/features/queue';
import { helpFeature } from '../../../src/features/help/help.handlers';
import { usersFeature } from '../../../src/features/users/users.handlers';
import { encodePostback, type PostbackFields } from '../../../src/line/postback';
import type { FlexMessage, Message } from '../../../src/line/types';
import { clock } from '../../../src/shared/clock';
import { messageText, useTestBot, type TestBot } from '../../support/bot';
import { events } from '../../support/webhook';

/** Only the features these tests need, so others' work in progress cannot interfere. */
export const QUEUE_TEST_FEATURES = [usersFeature, queueFeature, helpFeature];

/** Monday 23 Nov 2026, 10:00 in Bangkok (03:00 UTC). */
export const MONDAY_10AM = '2026-11-23T03:00:00Z';
export const MINUTE = 60_000;

/** The departments and the demo services (A registration, B tax, C permits, D welfare). */
export async function seedQueue(): Promise<void> {
  await DepartmentModel.create([
    { code: 'registration', name: { th: 'งานทะเบียนราษฎร', en: 'Civil Registration' } },
    { code: 'finance', name: { th: 'กองคลัง', en: 'Finance Division' } },
    { code: 'public-works', name: { th: 'กองช่าง', en: 'Public Works' } },
    { code: 'welfare', name: { th: 'กองสวัสดิการสังคม', en: 'Social Welfare' } },
  ]);
  await loadQueueDemoData(new Date(MONDAY_10AM));
}

/** The queue files' setup: the bot with QUEUE_TEST_FEATURES, and each test on Monday 10.00 with the demo services. */
export function useQueueBot(): TestBot {
  const bot = useTestBot({ features: QUEUE_TEST_FEATURES, clockAt: MONDAY_10AM });
  beforeEach(() => seedQueue());
  return bot;
}

/** An officer document made directly (registration is another feature's work). */
export async function createOfficer(lineUserId: string, departmentCode: string, counter?: { serviceCode: string; counterNo: number }) {
  return OfficerModel.create({ lineUserId, name: `เจ้าหน้าที่ ${lineUserId}`, departmentCode, roles: ['officer'], active: true, registeredAt: new Date(MONDAY_10AM), ...(counter ? { counter } : {}) });
}

/** A postback event from a user. */
export const postback = (userId: string, action: string, fields: PostbackFields = {}) => events.postback(encodePostback(action, fields), { userId });
export const say = (userId: string, text: string) => events.text(text, { userId });

/** Every text in a flex message (or the text of a text message), joined, for assertions. */
export function allText(message: Message | undefined): string {
  if (!message) return '';
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const n = node as Record<string, unknown>;
      if (typeof n.text === 'string') out.push(n.text);
      if (typeof n.altText === 'string') out.push(n.altText);
      if (typeof n.label === 'string') out.push(n.label);
      for (const v of Object.values(n)) if (typeof v === 'object') walk(v);
    }
  };
  walk(message);
  return out.join(' | ');
}

/** The postback data of every button and quick reply in a message. */
export function postbackData(message: Message | undefined): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const n = node as Record<string, unknown>;
      if (n.type === 'postback' && typeof n.data === 'string') out.push(n.data);
      for (const v of Object.values(n)) if (typeof v === 'object') walk(v);
    }
  };
  walk(message);
  return out;
}

export const last = <T>(list: T[]): T | undefined => list[list.length - 1];
export const isFlex = (m: Message | undefined): m is FlexMessage => m?.type === 'flex';

/** The helpers most queue tests use, bound to their bot. */
export function queueTools(bot: TestBot) {
  return {
    lastReply: (userId: string) => last(bot.repliesTo(userId)),
    /** What the last reply to the user says (a flex message's altText). */
    lastText: (userId: string) => messageText(last(bot.repliesTo(userId))!),
    /** The citizen's latest ticket, as stored. */
    ticketOf: async (citizenId: string) => (await QueueTicketModel.findOne({ citizenId }).sort({ takenAt: -1 }).lean())!,
    /** Citizens take tickets through the bot, one minute apart. */
    citizensTake: async (serviceCode: string, ...citizens: string[]) => {
      for (const c of citizens) {
        await bot.send(postback(c, 'queue.take', { s: serviceCode }));
        clock.advance(MINUTE);
      }
    },
    /** Runs the queue timers job as the scheduler would, then delivers what it queued. */
    runTimers: async () => {
      await bot.runtime.scheduler.runNow(QUEUE_TIMER_JOB);
      await bot.drain();
    },
  };
}
