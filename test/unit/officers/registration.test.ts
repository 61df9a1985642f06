import { useTestDatabase } from '../../support/db';
import { DepartmentModel } from '../../../src/features/departments/department.model';
import { InvitationModel, RegistrationAttemptModel } from '../../../src/features/officers/invitation.model';
import { OfficerModel } from '../../../src/features/officers/officer.model';
import { CODE_ALPHABET, hashCode } from '../../../src/features/officers/invitations';
import { inviteOfficer, listOfficers, revokeOfficer } from '../../../src/features/officers/officers.service';
import { registerOfficer } from '../../../src/features/officers/registration.service';
import { AppError } from '../../../src/shared/errors';
import { clock } from '../../../src/shared/clock';

const db = useTestDatabase();
// The app's clock stands at T0: attempts and locks kept under a TTL index are timed from it.
const T0 = new Date('2027-03-01T03:00:00Z');
const HOUR = 3_600_000;

beforeEach(async () => {
  clock.freeze(T0);
  await db.clear();
  await DepartmentModel.create({ code: 'public-works', name: { th: 'กองช่าง', en: 'Public Works Division' } });
});

afterEach(() => clock.reset());

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return err.messageKey;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('invitations', () => {
  it('when an admin invites, then the code is 10 unambiguous characters and only its sha256 is stored', async () => {
    const { code, expiresAt } = await inviteOfficer({ departmentCode: 'public-works', role: 'officer', name: 'สมชาย ใจดี' }, T0);
    expect(code).toMatch(new RegExp(`^[${CODE_ALPHABET}]{10}$`));
    expect(expiresAt.toISOString()).toBe('2027-03-08T03:00:00.000Z');
    const stored = await InvitationModel.find().lean();
    expect(stored).toHaveLength(1);
    expect(stored[0].codeHash).toBe(hashCode(code));
    expect(JSON.stringify(stored)).not.toContain(code);
  });

  it('when the department or role is unknown, then no invitation is made', async () => {
    expect(await refusal(inviteOfficer({ departmentCode: 'nope', role: 'officer' }, T0))).toBe('officers.errors.unknownDepartment');
    expect(await refusal(inviteOfficer({ departmentCode: 'public-works', role: 'mayor' }, T0))).toBe('officers.errors.unknownRole');
    expect(await InvitationModel.countDocuments()).toBe(0);
  });

  it('when the integrity role is asked for outside legal affairs, then no invitation is made; in legal affairs it is', async () => {
    await DepartmentModel.create({ code: 'legal', name: { th: 'งานนิติการ' }, isLegalAffairs: true });
    expect(await refusal(inviteOfficer({ departmentCode: 'public-works', role: 'integrity' }, T0))).toBe('integrity.errors.roleOutsideLegalAffairs');
    expect(await InvitationModel.countDocuments()).toBe(0);
    await inviteOfficer({ departmentCode: 'legal', role: 'integrity' }, T0);
    expect(await InvitationModel.countDocuments()).toBe(1);
  });

  it('when legal affairs lost its mark after an integrity invitation, then registering is refused and the code is not used up', async () => {
    await DepartmentModel.create({ code: 'legal', name: { th: 'งานนิติการ' }, isLegalAffairs: true });
    const { code } = await inviteOfficer({ departmentCode: 'legal', role: 'integrity' }, T0);
    await DepartmentModel.updateOne({ code: 'legal' }, { $set: { isLegalAffairs: false } });
    expect(await refusal(registerOfficer('U_would_be_integrity', code, T0))).toBe('integrity.errors.roleOutsideLegalAffairs');
    expect(await OfficerModel.countDocuments()).toBe(0);
    expect((await InvitationModel.findOne().lean())?.usedAt).toBeUndefined();
  });

  it('when many codes are made, then they differ', async () => {
    const codes = new Set<string>();
    for (let i = 0; i < 30; i += 1) codes.add((await inviteOfficer({ departmentCode: 'public-works', role: 'officer' }, T0)).code);
    expect(codes.size).toBe(30);
  });
});

describe('registerOfficer', () => {
  it('when a code is used, then the officer is bound with the invitation department and role, and the code cannot be used again', async () => {
    const { code } = await inviteOfficer({ departmentCode: 'public-works', role: 'head', name: 'สมศรี หัวหน้า' }, T0);
    const reg = await registerOfficer('U_a', code.toLowerCase(), T0);
    expect(reg).toMatchObject({ name: 'สมศรี หัวหน้า', departmentCode: 'public-works', roles: ['officer', 'head'], needsName: false });
    const invitation = await InvitationModel.findOne().lean();
    expect(invitation?.usedBy).toBe('U_a');
    expect(await refusal(registerOfficer('U_b', code, T0))).toBe('officers.register.invalid');
    expect(await OfficerModel.countDocuments({ lineUserId: 'U_b' })).toBe(0);
  });

  it('when the same user repeats the same registration (a retried event), then it succeeds again without a second officer', async () => {
    const { code } = await inviteOfficer({ departmentCode: 'public-works', role: 'officer' }, T0);
    await registerOfficer('U_a', code, T0);
    const again = await registerOfficer('U_a', code, T0);
    expect(again.departmentCode).toBe('public-works');
    expect(await OfficerModel.countDocuments()).toBe(1);
  });

  it('when the code has expired, then it is refused like a wrong one', async () => {
    const { code } = await inviteOfficer({ departmentCode: 'public-works', role: 'officer' }, T0);
    expect(await refusal(registerOfficer('U_a', code, new Date(T0.getTime() + 7 * 24 * HOUR + 1)))).toBe('officers.register.invalid');
  });

  it('when a user tries 5 wrong codes within an hour, then even a good code is refused for an hour, then accepted', async () => {
    const { code } = await inviteOfficer({ departmentCode: 'public-works', role: 'officer' }, T0);
    for (let i = 0; i < 5; i += 1) expect(await refusal(registerOfficer('U_x', `WRONG${i}CODE`, new Date(T0.getTime() + i * 60_000)))).toBe('officers.register.invalid');
    expect(await refusal(registerOfficer('U_x', code, new Date(T0.getTime() + 10 * 60_000)))).toBe('officers.register.locked');
    expect(await InvitationModel.countDocuments({ usedAt: { $exists: true } })).toBe(0);
    // Another user is not locked out.
    expect(await refusal(registerOfficer('U_y', 'WRONGCODE9', new Date(T0.getTime() + 10 * 60_000)))).toBe('officers.register.invalid');
    const later = new Date(T0.getTime() + 4 * 60_000 + HOUR + 1000);
    expect((await registerOfficer('U_x', code, later)).departmentCode).toBe('public-works');
    expect(await RegistrationAttemptModel.countDocuments({ _id: 'U_x' })).toBe(0);
  });

  it('when wrong codes are spread over more than an hour, then the count starts again', async () => {
    for (let i = 0; i < 4; i += 1) await refusal(registerOfficer('U_x', `WRONG${i}CODE`, T0));
    const later = new Date(T0.getTime() + HOUR + 1);
    for (let i = 0; i < 4; i += 1) expect(await refusal(registerOfficer('U_x', `WRONG${i}CODE`, later))).toBe('officers.register.invalid');
  });

  it('when eight wrong codes straddle the first hour (minutes 58 to 61), then the fifth within an hour locks', async () => {
    const { code } = await inviteOfficer({ departmentCode: 'public-works', role: 'officer' }, T0);
    const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
    await refusal(registerOfficer('U_x', 'WRONG0CODE', at(0)));
    for (const minute of [58, 58.5, 59]) expect(await refusal(registerOfficer('U_x', 'WRONG1CODE', at(minute)))).toBe('officers.register.invalid');
    // The last five now span minute 0 to 60.5: more than an hour, no lock yet.
    expect(await refusal(registerOfficer('U_x', 'WRONG2CODE', at(60.5)))).toBe('officers.register.invalid');
    // Minutes 58 to 60.7: five within an hour.
    expect(await refusal(registerOfficer('U_x', 'WRONG3CODE', at(60.7)))).toBe('officers.register.invalid');
    expect(await refusal(registerOfficer('U_x', code, at(61)))).toBe('officers.register.locked');
    expect((await RegistrationAttemptModel.findById('U_x').lean())?.lockedUntil).toEqual(at(120.7));
    expect((await registerOfficer('U_x', code, at(120.8))).departmentCode).toBe('public-works');
  });

  it('when the invitation has no name, then the officer is asked for one', async () => {
    const { code } = await inviteOfficer({ departmentCode: 'public-works', role: 'officer' }, T0);
    expect((await registerOfficer('U_a', code, T0)).needsName).toBe(true);
  });

  it('when an officer is revoked, then they are inactive and a new invitation binds them again', async () => {
    const { code } = await inviteOfficer({ departmentCode: 'public-works', role: 'officer', name: 'ก' + 'ข' }, T0);
    const reg = await registerOfficer('U_a', code, T0);
    await revokeOfficer(reg.officerId, T0);
    expect((await listOfficers())[0]).toMatchObject({ lineUserId: 'U_a', active: false });
    const second = await inviteOfficer({ departmentCode: 'public-works', role: 'officer', name: 'คนเดิม' }, T0);
    await registerOfficer('U_a', second.code, T0);
    expect(await OfficerModel.findOne({ lineUserId: 'U_a' }).lean()).toMatchObject({ active: true, name: 'คนเดิม' });
    expect(await refusal(revokeOfficer('U_unknown'))).toBe('officers.errors.officerNotFound');
  });

  it('when a revoked officer types their old code again, then it is refused and they stay revoked', async () => {
    const { code } = await inviteOfficer({ departmentCode: 'public-works', role: 'head', name: 'สมศรี หัวหน้า' }, T0);
    await registerOfficer('U_a', code, T0);
    await revokeOfficer('U_a', new Date(T0.getTime() + HOUR));
    expect(await refusal(registerOfficer('U_a', code, new Date(T0.getTime() + 2 * HOUR)))).toBe('officers.register.invalid');
    expect(await OfficerModel.findOne({ lineUserId: 'U_a' }).lean()).toMatchObject({ active: false });
  });
});
