import sharp from 'sharp';
import { useTestBot } from '../../support/bot';
import { events } from '../../support/webhook';
import { flowAnswer } from '../../../src/conversation/engine';
import { encodePostback } from '../../../src/line/postback';
import { clock } from '../../../src/shared/clock';
import { CategoryModel } from '../../../src/features/complaints/category.model';
import { DEMO_CATEGORIES } from '../../../src/features/complaints/demo-categories';
import { ComplaintModel } from '../../../src/features/complaints/complaint.model';
import { acceptCase, fileComplaint, resolveCase } from '../../../src/features/complaints/complaints.service';
import { closeResolvedJob } from '../../../src/features/complaints/close-resolved.job';
import { complaintsFeature } from '../../../src/features/complaints';
import { DepartmentModel } from '../../../src/features/departments/department.model';
import { DEMO_DEPARTMENTS } from '../../../src/features/departments/demo-departments';
import { helpFeature } from '../../../src/features/help/help.handlers';
import { officersFeature } from '../../../src/features/officers';
import { OfficerModel } from '../../../src/features/officers/officer.model';
import { inviteOfficer } from '../../../src/features/officers/officers.service';
import { storeJpeg } from '../../../src/features/photos/photos.service';
import { queueFeature } from '../../../src/features/queue';
import { loadQueueDemoData } from '../../../src/features/queue/demo-data';
import { QueueTicketModel } from '../../../src/features/queue/ticket.model';
import { surveysFeature } from '../../../src/features/surveys';
import { SurveyResponseModel } from '../../../src/features/surveys/survey-response.model';
import { usersFeature } from '../../../src/features/users/users.handlers';
import { tap, tapOn } from './survey-helpers';

/**
 * Each trigger end to end, with the features that fire it: signed webhooks from a real officer
 * and citizen in, the invitation and the questions out, the response and the report after.
 */

// Monday 23 Nov 2026, 10.00 in Bangkok: the counters are open.
const bot = useTestBot({ features: [usersFeature, complaintsFeature, officersFeature, queueFeature, surveysFeature, helpFeature], clockAt: '2026-11-23T03:00:00Z' });
const CITIZEN = 'U_citizen_served';
const OFFICER = 'U_officer_somchai';
const ALL_HIGH = ['4 มาก', '5 มากที่สุด', 'ไม่มี', '4 มาก', '5 มากที่สุด'];

beforeEach(async () => {
  await DepartmentModel.insertMany(DEMO_DEPARTMENTS.map((d) => ({ ...d, active: true })));
  await CategoryModel.insertMany(DEMO_CATEGORIES.map((c) => ({ ...c, active: true, sortOrder: c.sortOrder ?? 100 })));
  await loadQueueDemoData(clock.now());
  await surveysFeature.loadDemoData?.();
});

const jpeg = () => sharp({ create: { width: 32, height: 24, channels: 3, background: { r: 90, g: 90, b: 90 } } }).jpeg().toBuffer();

/** A road complaint filed by the citizen (filing has tests of its own). */
async function fileRoadCase(): Promise<string> {
  const doc = await fileComplaint(
    { citizenId: CITIZEN, channel: 'line', categoryCode: 'road', description: 'ถนนหน้าโรงเรียนเป็นหลุมลึก รถล้มแล้วสองคัน', photos: [await storeJpeg(await jpeg())], location: { latitude: 13.75, longitude: 100.5 } },
    clock.now(),
  );
  await bot.drain();
  return doc._id.toHexString();
}

/** The officer registers with an invitation code, by typing it in the chat. */
async function registerOfficer(): Promise<string> {
  const { code } = await inviteOfficer({ departmentCode: 'public-works', role: 'officer', name: 'สมชาย ช่างดี' }, clock.now());
  await bot.send(events.text(`ลงทะเบียนเจ้าหน้าที่ ${code}`, { userId: OFFICER }));
  const officer = await OfficerModel.findOne({ lineUserId: OFFICER }).lean();
  return String(officer?._id);
}

const invitationTo = (userId: string) => bot.pushesTo(userId).find((m) => m.type === 'flex' && m.altText.startsWith('ขอเชิญประเมินความพึงพอใจ'));

describe('survey triggers, end to end', () => {
  it('when an officer registers, accepts and resolves a case and the citizen confirms it, then the citizen is invited, six taps rate it, and the report counts the officer by name as proven service', async () => {
    const officerId = await registerOfficer();
    const caseId = await fileRoadCase();
    await bot.send(events.postback(encodePostback('officers.accept', { c: caseId }), { userId: OFFICER }));
    await bot.send(events.postback(encodePostback('officers.resolve', { c: caseId }), { userId: OFFICER }));
    await bot.send(events.text('ถมหลุมและลาดยางใหม่เรียบร้อยแล้ว', { userId: OFFICER }));
    await bot.send(events.image(bot.line.addContent(await jpeg(), 'image/jpeg'), { userId: OFFICER }));
    await bot.send(events.postback(flowAnswer('officers.resolve', 'photos', 'done'), { userId: OFFICER }));
    expect((await ComplaintModel.findById(caseId).lean())?.status).toBe('resolved');
    expect(invitationTo(CITIZEN)).toBeUndefined();

    await bot.send(events.postback(encodePostback('complaints.confirm', { id: caseId }), { userId: CITIZEN }));

    const invitation = invitationTo(CITIZEN);
    expect(invitation).toMatchObject({ altText: expect.stringMatching(/^ขอเชิญประเมินความพึงพอใจ: เรื่องเลขที่ C2569-\d{5}$/) });
    await tapOn(bot, invitation!, CITIZEN, '5 มากที่สุด');
    for (const label of ALL_HIGH) await tap(bot, CITIZEN, label);
    expect(bot.textsTo(CITIZEN).at(-1)).toContain('ขอบคุณที่ร่วมประเมินความพึงพอใจ');
    expect(await SurveyResponseModel.findOne().lean()).toMatchObject({ channel: 'after_case', status: 'completed', departmentCode: 'public-works', categoryCode: 'road', officerId });

    const res = await fetch(`${bot.url}/admin/surveys/report?from=2026-11-01&to=2026-11-30&by=officer`, { headers: { authorization: 'Bearer test-admin-token-0123456789' } });
    const report = (await res.json()) as { groups: { key: string; evidence: string; label: string; responses: number; overall: { satisfied: number } }[] };
    expect(report.groups).toEqual([expect.objectContaining({ key: `served:${officerId}`, evidence: 'served', label: 'สมชาย ช่างดี (หลังให้บริการ: เรื่องร้องเรียนหรือบัตรคิว)', responses: 1, overall: expect.objectContaining({ satisfied: 1 }) })]);
    expect(JSON.stringify(report)).not.toContain(OFFICER);
  });

  it('when the reopen window passes and the job closes the resolved case, then the citizen is invited and the rating names the officer who held it', async () => {
    const officerId = await registerOfficer();
    const caseId = await fileRoadCase();
    const actor = { kind: 'officer' as const, id: OFFICER };
    await acceptCase(caseId, actor, clock.now());
    await resolveCase(caseId, actor, { note: 'ซ่อมแล้ว', photos: [await storeJpeg(await jpeg())] }, clock.now());
    await bot.drain();
    expect(invitationTo(CITIZEN)).toBeUndefined();

    clock.advance(8 * 86_400_000);
    await closeResolvedJob.run(clock.now(), new AbortController().signal);
    await bot.drain();

    expect((await ComplaintModel.findById(caseId).lean())?.status).toBe('closed');
    await tapOn(bot, invitationTo(CITIZEN)!, CITIZEN, '4 มาก');
    expect(await SurveyResponseModel.findOne().lean()).toMatchObject({ channel: 'after_case', officerId, answers: [expect.objectContaining({ questionId: 'steps', score: 4 })] });
  });

  it('when a counter officer calls and serves the citizen’s ticket, then the citizen is invited and the rating lands on the service and that officer', async () => {
    const officer = await OfficerModel.create({ lineUserId: OFFICER, name: 'สมศรี ทะเบียน', departmentCode: 'registration', roles: ['officer'], active: true, registeredAt: clock.now(), counter: { serviceCode: 'civil-registration', counterNo: 2 } });
    await bot.send(events.postback(encodePostback('queue.take', { s: 'civil-registration' }), { userId: CITIZEN }));
    await bot.send(events.postback(encodePostback('queue.callNext'), { userId: OFFICER }));
    const ticket = await QueueTicketModel.findOne({ citizenId: CITIZEN }).lean();
    expect(invitationTo(CITIZEN)).toBeUndefined();

    await bot.send(events.postback(encodePostback('queue.served', { t: String(ticket?._id) }), { userId: OFFICER }));

    const invitation = invitationTo(CITIZEN);
    expect(invitation).toMatchObject({ altText: `ขอเชิญประเมินความพึงพอใจ: บัตรคิว ${ticket?.label}` });
    await tapOn(bot, invitation!, CITIZEN, '5 มากที่สุด');
    expect(await SurveyResponseModel.findOne().lean()).toMatchObject({ channel: 'after_ticket', departmentCode: 'registration', serviceCode: 'civil-registration', officerId: String(officer._id) });
  });
});
