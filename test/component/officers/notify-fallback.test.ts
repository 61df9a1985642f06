import { flowAnswer } from '../../../src/conversation/engine';
import { ComplaintModel, type ComplaintDoc } from '../../../src/features/complaints/complaint.model';
import { DepartmentModel } from '../../../src/features/departments/department.model';
import { encodePostback } from '../../../src/line/postback';
import type { FlexMessage } from '../../../src/line/types';
import { clock } from '../../../src/shared/clock';
import { logger } from '../../../src/shared/logger';
import { events } from '../../support/webhook';
import { addOfficer, fileCase, seedMunicipality, useOfficersBot } from './fixtures';

// The health-env department has no officer and no LINE group in these tests.
const bot = useOfficersBot();
const CLERK = 'U_clerk_officer';
const ADMIN = 'U_admin';
const PW = 'U_pw_officer';
const DAY = 86_400_000;
const CENTRE_NOTE = 'แจ้งศูนย์รับเรื่องแทนกองสาธารณสุขและสิ่งแวดล้อม ซึ่งยังไม่มีเจ้าหน้าที่รับเรื่องในระบบ กรุณากด "ส่งต่อหน่วยงานอื่น" ที่เรื่อง เพื่อส่งให้หน่วยงานที่ดำเนินการได้';
const ADMINS_NOTE =
  'แจ้งผู้ดูแลระบบแทนกองสาธารณสุขและสิ่งแวดล้อม ซึ่งยังไม่มีเจ้าหน้าที่รับเรื่องในระบบ และศูนย์รับเรื่องก็ยังไม่มีเจ้าหน้าที่ในระบบ กรุณาเชิญเจ้าหน้าที่ของหน่วยงานนี้ลงทะเบียน หรือแจ้งศูนย์รับเรื่องให้ส่งต่อเรื่องไปยังหน่วยงานที่ดำเนินการได้';

beforeEach(async () => {
  await seedMunicipality();
  await addOfficer(ADMIN, 'audit', 'ผู้ดูแล ระบบ', ['admin']);
});

const garbageCase = () => fileCase(clock.now(), { categoryCode: 'garbage', description: 'ขยะกองหน้าตลาดไม่มีใครมาเก็บสามวันแล้ว' });
const pb = (action: string, doc: ComplaintDoc) => encodePostback(`officers.${action}`, { c: doc._id.toHexString() });
const json = (value: unknown) => JSON.stringify(value);

/** A garbage case whose card reached the complaint centre's officer; the calls so far forgotten. */
async function caseAtTheCentre(): Promise<ComplaintDoc> {
  await addOfficer(CLERK, 'clerk', 'ธุรการ ศูนย์รับเรื่อง');
  const doc = await garbageCase();
  await bot.drain();
  bot.clearCalls();
  return doc;
}

describe('a department nobody can be told in', () => {
  it('when a case is filed for it, then the complaint centre officers get the card with Forward (not Accept) and a line saying why, and a warning names the department', async () => {
    await addOfficer(CLERK, 'clerk', 'ธุรการ ศูนย์รับเรื่อง');
    const warn = jest.spyOn(logger, 'warn');
    const doc = await garbageCase();
    await bot.drain();
    const [note, card] = bot.pushesTo(CLERK);
    expect(note).toEqual({ type: 'text', text: CENTRE_NOTE });
    expect((card as FlexMessage).altText).toBe(`เรื่องใหม่ ${doc.number} ขยะมูลฝอย กำหนดเสร็จ 8 มี.ค. 2570`);
    expect(json(card)).toContain(pb('forward', doc));
    expect(json(card)).toContain(pb('detail', doc));
    expect(json(card)).not.toContain(pb('accept', doc));
    expect(bot.pushesTo(ADMIN)).toHaveLength(0);
    expect(warn).toHaveBeenCalledWith({ departmentCode: 'health-env', topic: 'officers.newCase', toldInstead: 'complaint-centre' }, 'department has no LINE group and no active officer');
    warn.mockRestore();
  });

  it('when the complaint centre has nobody either, then the admins are told what to do, with no button they could not use', async () => {
    const doc = await garbageCase();
    await bot.drain();
    expect(bot.textsTo(ADMIN)).toEqual([ADMINS_NOTE, `เรื่องใหม่ ${doc.number} ขยะมูลฝอย กำหนดเสร็จ 8 มี.ค. 2570`]);
    expect(json(bot.pushesTo(ADMIN))).not.toContain('"postback"');
  });

  it('when there is no complaint centre at all, then the admins are asked to invite the department\'s officers only', async () => {
    await DepartmentModel.updateOne({ code: 'clerk' }, { $set: { isComplaintCentre: false } });
    await garbageCase();
    await bot.drain();
    expect(bot.textsTo(ADMIN)[0]).toBe('แจ้งผู้ดูแลระบบแทนกองสาธารณสุขและสิ่งแวดล้อม ซึ่งยังไม่มีเจ้าหน้าที่รับเรื่องในระบบ กรุณาเชิญเจ้าหน้าที่ของหน่วยงานนี้ลงทะเบียน');
  });

  it('when its case is not accepted within a day, then the escalation reaches the complaint centre, once', async () => {
    const doc = await caseAtTheCentre();
    clock.advance(DAY);
    await bot.runtime.scheduler.runNow('officers.deadlines');
    await bot.drain();
    await bot.runtime.scheduler.runNow('officers.deadlines');
    await bot.drain();
    expect(bot.textsTo(CLERK)).toEqual([CENTRE_NOTE, expect.stringContaining(`เรื่อง ${doc.number} (ขยะมูลฝอย) ยังไม่มีเจ้าหน้าที่รับเรื่อง เกิน 1 วันแล้ว`)]);
  });
});

describe('the complaint centre passing a case on', () => {
  it('when its officer presses Forward on the card and chooses a division, then the case goes there unheld and that division gets the card to accept', async () => {
    await addOfficer(PW, 'public-works', 'ประเสริฐ ช่างใหญ่');
    const doc = await caseAtTheCentre();
    await bot.send(events.postback(pb('forward', doc), { userId: CLERK }));
    await bot.send(events.postback(flowAnswer('officers.forward', 'department', 'public-works'), { userId: CLERK }));
    await bot.send(events.text('กองสาธารณสุขยังไม่มีเจ้าหน้าที่ในระบบ ขอให้กองช่างช่วยประสานรถเก็บขยะ', { userId: CLERK }));
    expect(bot.textsTo(CLERK).at(-1)).toBe(`ส่งเรื่อง ${doc.number} ไปยังกองช่างแล้ว`);
    const after = (await ComplaintModel.findById(doc._id).lean<ComplaintDoc>()) as ComplaintDoc;
    expect(after).toMatchObject({ departmentCode: 'public-works', status: 'received', holder: null });
    expect(after.forwards.at(-1)).toMatchObject({ fromDepartmentCode: 'health-env', toDepartmentCode: 'public-works', by: { id: CLERK } });
    const [card] = bot.pushesTo(PW);
    expect((card as FlexMessage).altText).toBe(`เรื่องส่งต่อ ${doc.number} ขยะมูลฝอย กำหนดเสร็จ 8 มี.ค. 2570`);
    expect(json(card)).toContain(pb('accept', doc));
  });

  it('when its officer opens the details or presses Accept, then the details offer Forward only and Accept is refused', async () => {
    const doc = await caseAtTheCentre();
    await bot.send(events.postback(pb('detail', doc), { userId: CLERK }));
    const detail = json(bot.repliesTo(CLERK).at(-1));
    expect(detail).toContain(pb('forward', doc));
    for (const action of ['accept', 'update', 'resolve', 'refer']) expect(detail).not.toContain(pb(action, doc));
    expect(detail).not.toContain('0812345678');
    await bot.send(events.postback(pb('accept', doc), { userId: CLERK }));
    expect(bot.textsTo(CLERK).at(-1)).toBe('เรื่องนี้ไม่ได้อยู่ในความรับผิดชอบของหน่วยงานท่าน จึงไม่ได้ดำเนินการใด ๆ');
    expect(await ComplaintModel.findById(doc._id).lean()).toMatchObject({ departmentCode: 'health-env', holder: null, status: 'received' });
  });

  it('when someone of the department took the case meanwhile, then the centre\'s Forward is refused and nothing changes', async () => {
    const doc = await caseAtTheCentre();
    await addOfficer('U_he_new', 'health-env', 'มาลี สะอาด');
    await bot.send(events.postback(pb('accept', doc), { userId: 'U_he_new' }));
    await bot.send(events.postback(pb('forward', doc), { userId: CLERK }));
    expect(bot.textsTo(CLERK).at(-1)).toBe('เรื่องนี้ไม่ได้อยู่ในความรับผิดชอบของหน่วยงานท่าน จึงไม่ได้ดำเนินการใด ๆ');
    expect(await ComplaintModel.findById(doc._id).lean()).toMatchObject({ departmentCode: 'health-env', status: 'accepted', holder: { id: 'U_he_new' } });
  });
});
