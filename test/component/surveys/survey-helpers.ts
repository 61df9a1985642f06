import { useTestBot, type TestBot } from '../../support/bot';
import { events } from '../../support/webhook';
import type { FlexMessage, Message } from '../../../src/line/types';
import { createHmac } from 'node:crypto';
import { DepartmentModel } from '../../../src/features/departments/department.model';
import { CategoryModel } from '../../../src/features/complaints/category.model';
import { OfficerModel } from '../../../src/features/officers/officer.model';
import { QueueServiceModel } from '../../../src/features/queue/service.model';
import { TEST_ENCRYPTION_KEY } from '../../support/webhook';
import { usersFeature } from '../../../src/features/users/users.handlers';
import { helpFeature } from '../../../src/features/help/help.handlers';
import { surveysFeature } from '../../../src/features/surveys';

/** The features these tests run: the surveys feature with the foundation's users and help. */
export const surveyTestFeatures = [usersFeature, surveysFeature, helpFeature];

/**
 * Demo departments the tests rate: three that serve the public (registration runs a counter
 * service, public works and health take complaints) and legal affairs, which does neither.
 */
export async function seedDepartments(): Promise<void> {
  await DepartmentModel.create([
    { code: 'registration', name: { th: 'งานทะเบียนราษฎร', en: 'Civil Registration' }, sortOrder: 1 },
    { code: 'public-works', name: { th: 'กองช่าง', en: 'Public Works' }, sortOrder: 2 },
    { code: 'health-env', name: { th: 'กองสาธารณสุขและสิ่งแวดล้อม', en: 'Public Health and Environment' }, sortOrder: 3 },
    { code: 'legal', name: { th: 'งานนิติการ', en: 'Legal Affairs' }, isLegalAffairs: true, sortOrder: 4 },
  ]);
  await CategoryModel.create([
    { code: 'road', name: { th: 'ถนน/ทางเท้าชำรุด', en: 'Damaged road' }, departmentCode: 'public-works' },
    { code: 'street-light', name: { th: 'ไฟฟ้าส่องสว่าง', en: 'Street lights' }, departmentCode: 'public-works' },
    { code: 'garbage', name: { th: 'ขยะมูลฝอย', en: 'Garbage' }, departmentCode: 'health-env' },
  ]);
  await QueueServiceModel.create({ code: 'civil-registration', prefix: 'A', departmentCode: 'registration', name: { th: 'ทะเบียนราษฎร', en: 'Civil registration' }, counters: [1, 2] });
}

/** An active officer bound to a LINE user. */
export async function addOfficer(lineUserId: string, name: string, departmentCode: string, counter?: { serviceCode: string; counterNo: number }) {
  return OfficerModel.create({ lineUserId, name, departmentCode, roles: ['officer'], active: true, registeredAt: new Date(), ...(counter ? { counter } : {}) });
}

/**
 * The user hash as the feature must compute it: HMAC-SHA256 under a key derived from the data
 * encryption key (here the test key), so an unkeyed hash of the LINE id would not match.
 */
export function keyedUserHash(userId: string, dataKeyBase64 = TEST_ENCRYPTION_KEY): string {
  const key = createHmac('sha256', Buffer.from(dataKeyBase64, 'base64')).update('surveys.userHash.v1').digest();
  return createHmac('sha256', key).update(userId).digest('hex');
}

/** The survey files' setup: the bot with surveyTestFeatures, and each test at `clockAt` with the demo departments and survey. */
export function useSurveyBot(clockAt: string): TestBot {
  const bot = useTestBot({ features: surveyTestFeatures, clockAt });
  beforeEach(async () => {
    await seedDepartments();
    await surveysFeature.loadDemoData?.();
  });
  return bot;
}

/** The last message the user got that carries quick replies. */
export function lastQuestion(bot: TestBot, userId: string): Message {
  const found = [...bot.messagesTo(userId)].reverse().find((m) => m.quickReply);
  if (!found) throw new Error(`no message with quick replies to ${userId}`);
  return found;
}

/** Labels of the quick replies of the last question. */
export function quickLabels(bot: TestBot, userId: string): string[] {
  return (lastQuestion(bot, userId).quickReply?.items ?? []).map((i) => (i.action as { label: string }).label);
}

/** The postback data behind a quick reply of the last question. */
export function quickData(bot: TestBot, userId: string, label: string): string {
  const item = (lastQuestion(bot, userId).quickReply?.items ?? []).find((i) => (i.action as { label: string }).label === label);
  if (!item) throw new Error(`no quick reply "${label}" in [${quickLabels(bot, userId).join(', ')}]`);
  return (item.action as { data: string }).data;
}

/** Taps a quick reply of the last question, as the user would. */
export async function tap(bot: TestBot, userId: string, label: string): Promise<void> {
  await bot.send(events.postback(quickData(bot, userId, label), { userId }));
}

/** Taps a quick reply of the given message (e.g. the invitation's own answers), as the user would. */
export async function tapOn(bot: TestBot, message: Message, userId: string, label: string): Promise<void> {
  const item = (message.quickReply?.items ?? []).find((i) => (i.action as { label: string }).label === label);
  if (!item) throw new Error(`no quick reply "${label}" on the message`);
  await bot.send(events.postback((item.action as { data: string }).data, { userId }));
}

/** The postback data of the first button in a flex message's footer (the invitation's start). */
export function footerButtonData(message: Message): string {
  const flex = message as FlexMessage;
  const bubble = flex.contents as { footer?: { contents: { action?: { data?: string } }[] } };
  const data = bubble.footer?.contents[0]?.action?.data;
  if (!data) throw new Error('no footer button');
  return data;
}

/** Texts the user received since the last clearCalls(). */
export function lastTexts(bot: TestBot, userId: string, count: number): string[] {
  return bot.textsTo(userId).slice(-count);
}
