import type { FlexMessage } from '../../../src/line/types';
import { clock } from '../../../src/shared/clock';
import { logger } from '../../../src/shared/logger';
import { addOfficer, fileCase, seedMunicipality, useOfficersBot } from './fixtures';

// The health-env department has no officer and no LINE group in these tests.
const bot = useOfficersBot();
const CLERK = 'U_clerk_officer';
const ADMIN = 'U_admin';
const DAY = 86_400_000;
const NOTE = 'แจ้งท่านแทนกองสาธารณสุขและสิ่งแวดล้อม ซึ่งยังไม่มีเจ้าหน้าที่ลงทะเบียนในระบบ กรุณาประสานหน่วยงาน หรือเชิญเจ้าหน้าที่ลงทะเบียน';

beforeEach(async () => {
  await seedMunicipality();
  await addOfficer(ADMIN, 'audit', 'ผู้ดูแล ระบบ', ['admin']);
});

const garbageCase = () => fileCase(clock.now(), { categoryCode: 'garbage', description: 'ขยะกองหน้าตลาดไม่มีใครมาเก็บสามวันแล้ว' });

describe('a department nobody can be told in', () => {
  it('when a case is filed for it, then the complaint centre officers get the card with a line saying why, and a warning names the department', async () => {
    await addOfficer(CLERK, 'clerk', 'ธุรการ ศูนย์รับเรื่อง');
    const warn = jest.spyOn(logger, 'warn');
    const doc = await garbageCase();
    await bot.drain();
    const [note, card] = bot.pushesTo(CLERK);
    expect(note).toEqual({ type: 'text', text: NOTE });
    expect((card as FlexMessage).altText).toBe(`เรื่องใหม่ ${doc.number} ขยะมูลฝอย กำหนดเสร็จ 8 มี.ค. 2570`);
    expect(bot.pushesTo(ADMIN)).toHaveLength(0);
    expect(warn).toHaveBeenCalledWith({ departmentCode: 'health-env', topic: 'officers.newCase', toldInstead: 'complaint-centre' }, 'department has no LINE group and no active officer');
    warn.mockRestore();
  });

  it('when the complaint centre has nobody either, then the admins are told', async () => {
    const doc = await garbageCase();
    await bot.drain();
    expect(bot.textsTo(ADMIN)).toEqual([NOTE, `เรื่องใหม่ ${doc.number} ขยะมูลฝอย กำหนดเสร็จ 8 มี.ค. 2570`]);
  });

  it('when its case is not accepted within a day, then the escalation reaches the complaint centre, once', async () => {
    await addOfficer(CLERK, 'clerk', 'ธุรการ ศูนย์รับเรื่อง');
    const doc = await garbageCase();
    await bot.drain();
    bot.clearCalls();
    clock.advance(DAY);
    await bot.runtime.scheduler.runNow('officers.deadlines');
    await bot.drain();
    await bot.runtime.scheduler.runNow('officers.deadlines');
    await bot.drain();
    expect(bot.textsTo(CLERK)).toEqual([NOTE, expect.stringContaining(`เรื่อง ${doc.number} (ขยะมูลฝอย) ยังไม่มีเจ้าหน้าที่รับเรื่อง เกิน 1 วันแล้ว`)]);
  });
});
