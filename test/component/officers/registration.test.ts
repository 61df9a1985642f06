import { events } from '../../support/webhook';
import { DepartmentModel } from '../../../src/features/departments/department.model';
import { OfficerModel } from '../../../src/features/officers/officer.model';
import { InvitationModel } from '../../../src/features/officers/invitation.model';
import { inviteOfficer } from '../../../src/features/officers/officers.service';
import { clock } from '../../../src/shared/clock';
import { T0, useOfficersBot } from './fixtures';

const bot = useOfficersBot();
const U = 'U_new_officer';

beforeEach(async () => {
  await DepartmentModel.create({ code: 'public-works', name: { th: 'กองช่าง', en: 'Public Works Division' } });
});

function deployOfficerMenu(): string {
  bot.line.richMenus.set('richmenu-officer-1', { richMenuId: 'richmenu-officer-1', menu: { name: 'officer' }, image: { contentType: 'image/png', data: Buffer.from('png') } });
  bot.line.aliases.set('officer-main', 'richmenu-officer-1');
  return 'richmenu-officer-1';
}

describe('officer registration by invitation code', () => {
  it('when an invited officer types the code, then they are bound, told their department and role, and get the officer menu', async () => {
    const menuId = deployOfficerMenu();
    const { code } = await inviteOfficer({ departmentCode: 'public-works', role: 'officer', name: 'สมชาย ช่างดี' }, T0);
    await bot.send(events.text(`ลงทะเบียนเจ้าหน้าที่ ${code}`, { userId: U }));
    const [reply] = bot.textsTo(U);
    expect(reply).toContain('ลงทะเบียนเรียบร้อยแล้ว');
    expect(reply).toContain('สมชาย ช่างดี');
    expect(reply).toContain('กองช่าง');
    expect(reply).toContain('เจ้าหน้าที่');
    expect(bot.line.userMenus.get(U)).toBe(menuId);
    expect(await OfficerModel.findOne({ lineUserId: U }).lean()).toMatchObject({ departmentCode: 'public-works', roles: ['officer'], active: true, name: 'สมชาย ช่างดี' });
  });

  it('when the officer menu is not deployed, then registration still succeeds and no menu is linked', async () => {
    const { code } = await inviteOfficer({ departmentCode: 'public-works', role: 'head', name: 'สมศรี' }, T0);
    await bot.send(events.text(`register ${code}`, { userId: U }));
    expect(bot.textsTo(U)[0]).toContain('หัวหน้าหน่วยงาน');
    expect(bot.line.callsOf('richmenu.link')).toHaveLength(0);
    expect(await OfficerModel.countDocuments({ lineUserId: U, active: true })).toBe(1);
  });

  it('when the invitation has no name, then the officer is asked once and the name is saved', async () => {
    const { code } = await inviteOfficer({ departmentCode: 'public-works', role: 'officer' }, T0);
    await bot.send(events.text(`ลงทะเบียนเจ้าหน้าที่ ${code}`, { userId: U }));
    expect(bot.textsTo(U)).toEqual([expect.stringContaining('ลงทะเบียนเรียบร้อยแล้ว'), expect.stringContaining('กรุณาพิมพ์ชื่อและนามสกุล')]);
    await bot.send(events.text('วิชัย  รักงาน', { userId: U }));
    expect(bot.textsTo(U)[2]).toContain('บันทึกชื่อ วิชัย รักงาน แล้ว');
    expect((await OfficerModel.findOne({ lineUserId: U }).lean())?.name).toBe('วิชัย รักงาน');
  });

  it('when a used code is typed by someone else, then it is refused with the same words as a code that never existed', async () => {
    const { code } = await inviteOfficer({ departmentCode: 'public-works', role: 'officer', name: 'ก ข' }, T0);
    await bot.send(events.text(`register ${code}`, { userId: U }));
    await bot.send(events.text(`register ${code}`, { userId: 'U_other' }));
    await bot.send(events.text('register NEVERMADE99', { userId: 'U_third' }));
    const used = bot.textsTo('U_other')[0];
    expect(used).toBe('รหัสลงทะเบียนไม่ถูกต้องหรือใช้ไม่ได้แล้ว กรุณาตรวจสอบรหัสกับผู้ดูแลระบบ');
    expect(bot.textsTo('U_third')[0]).toBe(used);
    expect(await OfficerModel.countDocuments({ lineUserId: { $in: ['U_other', 'U_third'] } })).toBe(0);
  });

  it('when a code has expired, then it is refused', async () => {
    const { code } = await inviteOfficer({ departmentCode: 'public-works', role: 'officer', name: 'ก ข' }, T0);
    clock.advance(7 * 86_400_000 + 60_000);
    await bot.send(events.text(`register ${code}`, { userId: U }));
    expect(bot.textsTo(U)[0]).toContain('ไม่ถูกต้องหรือใช้ไม่ได้แล้ว');
    expect(await InvitationModel.countDocuments({ usedAt: { $exists: true } })).toBe(0);
  });

  it('when a user types 5 wrong codes in an hour, then a good code is refused for an hour', async () => {
    const { code } = await inviteOfficer({ departmentCode: 'public-works', role: 'officer', name: 'ก ข' }, T0);
    for (let i = 0; i < 5; i += 1) await bot.send(events.text(`register WRONGCODE${i}`, { userId: U }));
    await bot.send(events.text(`register ${code}`, { userId: U }));
    expect(bot.textsTo(U)[5]).toBe('ท่านใส่รหัสไม่ถูกต้องหลายครั้ง กรุณารอ 1 ชั่วโมงแล้วลองใหม่');
    clock.advance(3_600_000 + 1000);
    await bot.send(events.text(`register ${code}`, { userId: U }));
    expect(bot.textsTo(U)[6]).toContain('ลงทะเบียนเรียบร้อยแล้ว');
  });

  it('when the code is typed straight after the Thai words, in lower case with spaces, then the officer is bound', async () => {
    const { code } = await inviteOfficer({ departmentCode: 'public-works', role: 'officer', name: 'สมชาย ช่างดี' }, T0);
    const spaced = `${code.slice(0, 4)} ${code.slice(4, 7)}-${code.slice(7)}`.toLowerCase();
    await bot.send(events.text(`ลงทะเบียนเจ้าหน้าที่${spaced}`, { userId: U }));
    expect(bot.textsTo(U)[0]).toContain('ลงทะเบียนเรียบร้อยแล้ว');
    expect(await OfficerModel.countDocuments({ lineUserId: U, active: true })).toBe(1);
  });

  it('when eight wrong codes are typed between minutes 58 and 61 of a first failure, then the fifth within an hour locks registration', async () => {
    const { code } = await inviteOfficer({ departmentCode: 'public-works', role: 'officer', name: 'ก ข' }, T0);
    const typeAt = async (minute: number, text: string) => {
      clock.freeze(new Date(T0.getTime() + minute * 60_000));
      await bot.send(events.text(text, { userId: U }));
    };
    await typeAt(0, 'register WRONGCODE0');
    for (const [i, minute] of [58, 58.5, 59, 60.5].entries()) await typeAt(minute, `register WRONGCODE${i + 1}`);
    await typeAt(60.7, 'register WRONGCODE5');
    await typeAt(61, `register ${code}`);
    expect(bot.textsTo(U).at(-1)).toBe('ท่านใส่รหัสไม่ถูกต้องหลายครั้ง กรุณารอ 1 ชั่วโมงแล้วลองใหม่');
    expect(await OfficerModel.countDocuments({ lineUserId: U })).toBe(0);
  });

  it('when a registered officer types another code, then they are told they are registered already and the code is not spent', async () => {
    const first = await inviteOfficer({ departmentCode: 'public-works', role: 'officer', name: 'ก ข' }, T0);
    const second = await inviteOfficer({ departmentCode: 'public-works', role: 'officer', name: 'ค ง' }, T0);
    await bot.send(events.text(`register ${first.code}`, { userId: U }));
    await bot.send(events.text(`register ${second.code}`, { userId: U }));
    expect(bot.textsTo(U)[1]).toBe('บัญชีนี้ลงทะเบียนเป็นเจ้าหน้าที่แล้ว');
    expect(await InvitationModel.countDocuments({ usedAt: { $exists: true } })).toBe(1);
  });
});
