import { runScript } from '../../support/cli';
import { useTestDatabase } from '../../support/db';
import { DepartmentModel } from '../../../src/features/departments/department.model';
import { OfficerModel } from '../../../src/features/officers/officer.model';
import { registerOfficer } from '../../../src/features/officers/registration.service';

const db = useTestDatabase();
/** Runs `npm run officers -- <args>` against the test database. */
const officers = (...args: string[]) => runScript(db, 'officers', args);

beforeAll(async () => {
  await db.clear();
  await DepartmentModel.create({ code: 'public-works', name: { th: 'กองช่าง', en: 'Public Works Division' } });
  await DepartmentModel.create({ code: 'finance', name: { th: 'กองคลัง', en: 'Finance Division' }, lineGroupId: 'C_fin' });
});

describe('npm run officers', () => {
  it('when inviting, then the code is alone on the last line and registers an officer; list and revoke work', async () => {
    const invite = await officers('invite', '--department', 'public-works', '--role', 'head', '--name', 'สมศรี หัวหน้า');
    expect(invite.code).toBe(0);
    const code = invite.stdout.trim().split('\n').at(-1) as string;
    expect(code).toMatch(/^[A-HJ-NP-Z2-9]{10}$/);
    await registerOfficer('U_cli', code, new Date());
    const list = await officers('list');
    expect(list.stdout).toContain('public-works');
    expect(list.stdout).toContain('officer,head');
    expect(list.stdout).toContain('U_cli');
    const revoke = await officers('revoke', 'U_cli');
    expect(revoke.code).toBe(0);
    expect(await OfficerModel.findOne({ lineUserId: 'U_cli' }).lean()).toMatchObject({ active: false });
  }, 60_000);

  it('when listing departments, then codes and names are printed; a wrong department is refused', async () => {
    const departments = await officers('departments');
    expect(departments.stdout).toMatch(/finance\s+กองคลัง \/ Finance Division {2}\[LINE group\]/);
    expect(departments.stdout).toContain('public-works');
    const bad = await officers('invite', '--department', 'nowhere', '--role', 'officer');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('There is no department with code "nowhere".');
  }, 60_000);

  it('when an admin binds a department to a LINE group and later clears it, then the department record follows; a malformed id is refused', async () => {
    const GROUP = 'C0123456789abcdef0123456789abcdef';
    const bind = await officers('group', 'public-works', GROUP);
    expect(bind.code).toBe(0);
    expect((await DepartmentModel.findOne({ code: 'public-works' }).lean())?.lineGroupId).toBe(GROUP);
    const bad = await officers('group', 'public-works', 'R0123');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('The group id "R0123" is not valid');
    const clear = await officers('group', 'public-works', '--clear');
    expect(clear.code).toBe(0);
    expect(await DepartmentModel.findOne({ code: 'public-works' }).lean()).not.toHaveProperty('lineGroupId');
  }, 90_000);
});
