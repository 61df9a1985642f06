import { DepartmentModel } from '../../../src/features/departments/department.model';
import { DEMO_DEPARTMENTS } from '../../../src/features/departments/demo-departments';
import { helpFeature } from '../../../src/features/help/help.handlers';
import { OfficerModel } from '../../../src/features/officers/officer.model';
import { officersFeature } from '../../../src/features/officers';
import { usersFeature } from '../../../src/features/users/users.handlers';
import { lineUserIdOf } from '../../../src/simulator/simulator';
import { clock } from '../../../src/shared/clock';
import { startTestBot, type TestBot } from '../../support/bot';
import { useTestDatabase } from '../../support/db';
import { serveSimulator, type ServedSimulator } from './helpers';

useTestDatabase();

let bot: TestBot;
let served: ServedSimulator;
let base: string;

beforeAll(async () => {
  bot = await startTestBot({ features: [usersFeature, officersFeature, helpFeature] });
  await DepartmentModel.insertMany(DEMO_DEPARTMENTS.map((d) => ({ ...d, active: true })));
  served = await serveSimulator(bot);
  base = `${served.url}/api`;
});
afterAll(async () => {
  clock.reset();
  await served.close();
  await bot.close();
});

const post = (path: string, body: unknown) => fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('simulator: one-click officer registration', () => {
  it('when the officer button is pressed, then an invitation is made and its code typed in the chat, and the user becomes an officer of that department', async () => {
    const departments = (await (await fetch(`${base}/departments`)).json()) as { departments: { code: string; name: string }[] };
    expect(departments.departments.map((d) => d.code)).toEqual(expect.arrayContaining(['public-works', 'legal']));

    const res = await post('/users/officer/register-officer', { departmentCode: 'public-works', role: 'officer' });
    expect(res.status).toBe(200);
    const { code } = (await res.json()) as { code: string };
    await bot.drain();
    const chat = (await (await fetch(`${base}/users/officer/messages`)).json()) as { entries: { from: string; message: { text?: string } }[] };
    expect(chat.entries[0]).toMatchObject({ from: 'user', message: { text: `ลงทะเบียนเจ้าหน้าที่ ${code}` } });
    expect(chat.entries.some((e) => e.from === 'bot' && /ลงทะเบียนเรียบร้อยแล้ว/.test(e.message.text ?? ''))).toBe(true);
    const officer = await OfficerModel.findOne({ lineUserId: lineUserIdOf('officer') }).lean();
    expect(officer).toMatchObject({ departmentCode: 'public-works', roles: ['officer'], active: true, name: 'วิชัย เจ้าหน้าที่' });
  });

  it('when the department does not exist, then the page is told why in Thai and nothing is sent', async () => {
    bot.clearCalls();
    const res = await post('/users/citizen2/register-officer', { departmentCode: 'no-such-dept' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).not.toMatch(/^officers\./);
    await bot.drain();
    expect(bot.line.calls).toEqual([]);
  });

  it('when the clock is moved, then the app and the events it receives use the simulated time', async () => {
    const at = '2027-01-04T03:00:00.000Z';
    expect((await (await post('/clock', { at })).json()) as { now: string }).toMatchObject({ now: expect.stringMatching(/^2027-01-04T03:00/) });
    expect(Math.abs(clock.nowMs() - Date.parse(at))).toBeLessThan(5000);
    expect((await post('/clock', { at: 'tomorrow' })).status).toBe(400);
    await post('/clock', { reset: true });
    expect(Math.abs(clock.nowMs() - Date.now())).toBeLessThan(1000);
  });
});
