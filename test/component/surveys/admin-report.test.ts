import { useTestDatabase } from '../../support/db';
import { startTestBot, type TestBot } from '../../support/bot';
import { DepartmentModel } from '../../../src/features/departments/department.model';
import { DEFAULT_SURVEY } from '../../../src/features/surveys/survey-definition';
import { loadDemoSurvey } from '../../../src/features/surveys/survey-store';
import { answerSurvey, completeSurvey } from '../../../src/features/surveys/surveys.service';
import { surveyTestFeatures } from './survey-helpers';

useTestDatabase();
let bot: TestBot;
const TOKEN = 'test-admin-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };

beforeAll(async () => {
  bot = await startTestBot({ features: surveyTestFeatures });
  await loadDemoSurvey(new Date('2026-01-01T00:00:00Z'));
  await DepartmentModel.create({ code: 'registration', name: { th: 'งานทะเบียนราษฎร', en: 'Civil Registration' } });
  const survey = { code: DEFAULT_SURVEY.code, version: 1, questions: DEFAULT_SURVEY.questions };
  for (const [i, overall] of [5, 4, 2].entries()) {
    const key = `ticket:t${i}`;
    const now = new Date(`2026-10-0${i + 1}T03:00:00Z`);
    await answerSurvey({ subject: { key, channel: 'after_ticket', departmentCode: 'registration', startedAt: now.toISOString() }, survey, values: { overall: { score: overall } }, userId: `U${i}`, now });
    await completeSurvey(key, `U${i}`, now);
  }
});
afterAll(() => bot.close());

const get = (query: string, headers: Record<string, string> = auth) => fetch(`${bot.url}/admin/surveys/report?${query}`, { headers });

describe('GET /admin/surveys/report', () => {
  it('when no or a wrong admin token is given, then 401 and no figures', async () => {
    const none = await get('from=2026-10-01&to=2026-10-31', {});
    expect(none.status).toBe(401);
    const wrong = await get('from=2026-10-01&to=2026-10-31', { authorization: 'Bearer nope-nope-nope-nope' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ message: 'admin token required' });
  });

  it('when parameters are missing or malformed, then 400 names them', async () => {
    const res = await get('from=2026-13-01&by=weekday');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { issues: { path: string }[] };
    expect(body.issues.map((i) => i.path).sort()).toEqual(['by', 'from', 'to']);
    expect((await get('from=2026-10-31&to=2026-10-01')).status).toBe(400);
    expect((await get('from=2026-10-01&to=2026-10-31&format=xml')).status).toBe(400);
  });

  it('when a query operator is smuggled into the parameters, then it is refused or ignored and never reaches the query', async () => {
    // Repeated parameters arrive as a list, which is not a date.
    const listed = await get('from=2026-10-01&from=2026-01-01&to=2026-10-31');
    expect(listed.status).toBe(400);
    expect(((await listed.json()) as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(['from']);
    // Bracket syntax is not parsed into an object: `from[$gt]` is an unknown parameter beside a
    // valid `from`, and the figures are exactly those of the plain query.
    const plain = await get('from=2026-10-02&to=2026-10-31&by=all');
    const smuggled = await get('from=2026-10-02&from[$gt]=&to=2026-10-31&to[$lt]=2030-01-01&by=all');
    expect(smuggled.status).toBe(200);
    const [a, b] = [(await plain.json()) as { total: { responses: number } }, (await smuggled.json()) as { total: { responses: number } }];
    expect(b.total.responses).toBe(2);
    expect(b).toEqual(a);
  });

  it('when asked for JSON, then the figures per department come back with the 80% target verdict', async () => {
    const res = await get('from=2026-10-01&to=2026-10-31&by=department');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { groups: { key: string; label: string; responses: number; overall: Record<string, unknown> }[]; targetPercent: number };
    expect(body.targetPercent).toBe(80);
    expect((body as unknown as { target: unknown }).target).toEqual({
      percent: 80,
      questionIds: ['overall'],
      question: 'โดยรวมแล้ว ท่านพึงพอใจการให้บริการครั้งนี้มากน้อยเพียงใด',
      definition: expect.stringMatching(/^ร้อยละความพึงพอใจ คือ ร้อยละของแบบประเมินที่ตอบข้อ "โดยรวมแล้ว ท่านพึงพอใจการให้บริการครั้งนี้มากน้อยเพียงใด" ด้วยคะแนน 4 หรือ 5/),
    });
    expect(body.groups).toHaveLength(1);
    expect(body.groups[0]).toMatchObject({ key: 'registration', label: 'งานทะเบียนราษฎร', responses: 3, overall: { answered: 3, satisfied: 2, satisfiedPercent: 66.7, mean: 3.67, meetsTarget: false } });
  });

  it('when asked for CSV, then a UTF-8 CSV file with a byte-order mark is returned', async () => {
    const res = await get('from=2026-10-01&to=2026-10-31&by=month&format=csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="survey-report-2026-10-01-2026-10-31-month.csv"');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trim().split('\r\n');
    expect(lines[1]).toMatch(/^2026-10,ต\.ค\. 2569,3,3,3,2,66\.7,3\.67,false,/);
    expect(lines).toHaveLength(3);
  });
});
