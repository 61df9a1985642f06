import { useTestDatabase } from '../../support/db';
import { DepartmentModel } from '../../../src/features/departments/department.model';
import { OfficerModel } from '../../../src/features/officers/officer.model';
import { servedSubjectKeys } from '../../../src/features/surveys/survey-subjects';
import { upgradeStoredSurveys } from '../../../src/features/surveys/survey-upgrade';
import { DEFAULT_SURVEY } from '../../../src/features/surveys/survey-definition';
import { loadDemoSurvey } from '../../../src/features/surveys/survey-store';
import { CategoryModel } from '../../../src/features/complaints/category.model';
import { QueueServiceModel } from '../../../src/features/queue/service.model';
import { halfLabel, meetsTarget, reportCsv, reportQuerySchema, surveyReport, type GroupStats } from '../../../src/features/surveys/survey-report';
import { SurveyResponseModel } from '../../../src/features/surveys/survey-response.model';
import { answerSurvey, completeSurvey, type SurveySubject } from '../../../src/features/surveys/surveys.service';
import type { AnswerValues } from '../../../src/features/surveys/survey-logic';

useTestDatabase();

const survey = { code: DEFAULT_SURVEY.code, version: 1, questions: DEFAULT_SURVEY.questions };
let officerId = '';

/** Stores one response the way the chat does: answers saved, then (unless partial) completed. */
async function respond(at: string, key: string, subject: Partial<SurveySubject>, values: AnswerValues, complete = true): Promise<void> {
  const now = new Date(at);
  const full: SurveySubject = { key, channel: 'after_ticket', startedAt: now.toISOString(), ...subject };
  await answerSurvey({ subject: full, survey, values, userId: `U_${key}`, now });
  if (complete) await completeSurvey(key, `U_${key}`, now);
}

const rate = (overall: number | undefined, extra: AnswerValues = {}): AnswerValues => ({ ...extra, ...(overall === undefined ? {} : { overall: { score: overall } }) });

beforeAll(async () => {
  await loadDemoSurvey(new Date('2026-01-01T00:00:00Z'));
  await DepartmentModel.create([
    { code: 'registration', name: { th: 'งานทะเบียนราษฎร', en: 'Civil Registration' } },
    { code: 'public-works', name: { th: 'กองช่าง', en: 'Public Works' } },
  ]);
  await QueueServiceModel.create({ code: 'civil-registration', prefix: 'A', departmentCode: 'registration', name: { th: 'ทะเบียนราษฎร', en: 'Civil registration' } });
  await CategoryModel.create([
    { code: 'street-light', name: { th: 'ไฟฟ้าส่องสว่าง', en: 'Street lights' }, departmentCode: 'public-works' },
    { code: 'road', name: { th: 'ถนน/ทางเท้าชำรุด', en: 'Damaged road' }, departmentCode: 'public-works' },
  ]);
  const officer = await OfficerModel.create({ lineUserId: 'U_officer', name: 'นางสาวสมใจ ใจดี', departmentCode: 'registration', registeredAt: new Date() });
  officerId = String(officer._id);
  // Times are UTC; Bangkok is 7 hours ahead. Each pair sits on a fiscal half-year boundary.
  await respond('2026-09-30T16:59:00Z', 'ticket:r1', { departmentCode: 'registration', serviceCode: 'civil-registration', officerId }, rate(5, { steps: { score: 4 }, noBribe: { choice: 'no' } })); // 30 Sep 23:59
  await respond('2026-09-30T17:00:00Z', 'ticket:r2', { departmentCode: 'registration', serviceCode: 'civil-registration' }, rate(3, { steps: { score: 2 } })); // 1 Oct 00:00
  await respond('2027-03-31T16:59:00Z', 'case:r3', { channel: 'after_case', departmentCode: 'public-works', categoryCode: 'street-light' }, rate(4, { noBribe: { choice: 'yes' } })); // 31 Mar 23:59
  await respond('2027-03-31T17:00:00Z', 'case:r4', { channel: 'after_case', departmentCode: 'public-works', categoryCode: 'road' }, rate(2)); // 1 Apr 00:00
  await respond('2026-11-15T03:00:00Z', 'ticket:r5', { departmentCode: 'registration', serviceCode: 'civil-registration' }, { steps: { score: 5 }, overall: { skipped: true } }, false); // left midway
});

const query = (q: Record<string, string>) => reportQuerySchema.parse(q);
const byKey = (groups: GroupStats[]) => Object.fromEntries(groups.map((g) => [g.key ?? 'null', g]));

describe('survey report', () => {
  it('when grouped by fiscal half-year, then 30 Sep and 1 Oct, 31 Mar and 1 Apr (Bangkok) fall in different halves', async () => {
    const report = await surveyReport(query({ from: '2026-09-01', to: '2027-04-30', by: 'half' }));
    const g = byKey(report.groups);
    expect(report.groups.map((x) => x.label)).toEqual([
      'ครึ่งปีหลัง ปีงบประมาณ 2569 (เม.ย. 2569 - ก.ย. 2569)',
      'ครึ่งปีแรก ปีงบประมาณ 2570 (ต.ค. 2569 - มี.ค. 2570)',
      'ครึ่งปีหลัง ปีงบประมาณ 2570 (เม.ย. 2570 - ก.ย. 2570)',
    ]);
    expect(g['2569-H2']).toMatchObject({ responses: 1, completed: 1, overall: { answered: 1, satisfied: 1, satisfiedPercent: 100, mean: 5, meetsTarget: true } });
    expect(g['2570-H1']).toMatchObject({ responses: 3, completed: 2, overall: { answered: 2, satisfied: 1, satisfiedPercent: 50, mean: 3.5, meetsTarget: false } });
    expect(g['2570-H2']).toMatchObject({ responses: 1, overall: { answered: 1, satisfied: 0, satisfiedPercent: 0, mean: 2, meetsTarget: false } });
    const steps = g['2570-H1'].questions.find((q) => q.id === 'steps');
    expect(steps).toEqual({ id: 'steps', label: DEFAULT_SURVEY.questions[0].text.th, answered: 2, mean: 3.5, satisfied: 1, satisfiedPercent: 50 });
    const noBribe = g['2570-H1'].questions.find((q) => q.id === 'noBribe');
    expect(noBribe).toMatchObject({ answered: 1, mean: null, satisfied: 0, satisfiedPercent: 0 });
    expect(report.total).toMatchObject({ key: null, label: 'รวมทั้งหมด', responses: 5, completed: 4, overall: { answered: 4, satisfied: 2, satisfiedPercent: 50, mean: 3.5 } });
  });

  it('when the range is 1 Oct to 31 Mar, then the Bangkok days bound it exactly', async () => {
    const report = await surveyReport(query({ from: '2026-10-01', to: '2027-03-31', by: 'all' }));
    expect(report.groups).toHaveLength(1);
    expect(report.groups[0]).toMatchObject({ key: 'all', responses: 3, completed: 2 });
    expect(report.total.responses).toBe(3);
  });

  it('when grouped by month and department, then each group has its own figures and names', async () => {
    const months = await surveyReport(query({ from: '2026-09-01', to: '2027-04-30', by: 'month' }));
    expect(months.groups.map((g) => [g.key, g.label, g.responses])).toEqual([
      ['2026-09', 'ก.ย. 2569', 1],
      ['2026-10', 'ต.ค. 2569', 1],
      ['2026-11', 'พ.ย. 2569', 1],
      ['2027-03', 'มี.ค. 2570', 1],
      ['2027-04', 'เม.ย. 2570', 1],
    ]);
    const departments = await surveyReport(query({ from: '2026-09-01', to: '2027-04-30', by: 'department', lang: 'en' }));
    expect(departments.groups.map((g) => [g.key, g.label, g.responses, g.overall.satisfiedPercent])).toEqual([
      ['public-works', 'Public Works', 2, 50],
      ['registration', 'Civil Registration', 3, 50],
    ]);
  });

  it('when grouped by service, then counter services and complaint categories are separate groups, each named', async () => {
    const services = await surveyReport(query({ from: '2026-09-01', to: '2027-04-30', by: 'service' }));
    expect(services.groups.map((g) => [g.key, g.label, g.responses])).toEqual([
      ['category:road', 'ถนน/ทางเท้าชำรุด', 1],
      ['category:street-light', 'ไฟฟ้าส่องสว่าง', 1],
      ['service:civil-registration', 'ทะเบียนราษฎร', 3],
    ]);
    const english = await surveyReport(query({ from: '2026-09-01', to: '2027-04-30', by: 'service', lang: 'en' }));
    expect(english.groups.map((g) => g.label)).toEqual(['Damaged road', 'Street lights', 'Civil registration']);
  });

  it('when grouped by officer, then ratings after a served case or ticket and ratings from the menu or a QR code are separate groups', async () => {
    await respond('2027-06-15T03:00:00Z', 'point:2027-06-15:registration:civil-registration:h1', { channel: 'qr', departmentCode: 'registration', serviceCode: 'civil-registration', officerId }, rate(5));
    await respond('2027-06-15T04:00:00Z', 'point:2027-06-15:registration:civil-registration:h2', { channel: 'menu', departmentCode: 'registration', serviceCode: 'civil-registration', officerId }, rate(4));
    const officers = await surveyReport(query({ from: '2026-09-01', to: '2027-06-30', by: 'officer' }));
    expect(officers.groups.map((g) => [g.key, g.evidence, g.label, g.responses])).toEqual([
      [`point:${officerId}`, 'point', 'นางสาวสมใจ ใจดี (ประเมินจากเมนูหรือคิวอาร์โค้ด ไม่มีหลักฐานการรับบริการ)', 2],
      [`served:${officerId}`, 'served', 'นางสาวสมใจ ใจดี (หลังให้บริการ: เรื่องร้องเรียนหรือบัตรคิว)', 1],
      [null, undefined, 'ไม่ระบุ', 4],
    ]);
  });

  it('when rows of an earlier version name the officer by LINE id and keep the case id, then the report upgrades them: one officer is one group and no id is left', async () => {
    const at = new Date('2027-07-01T03:00:00Z');
    const legacy = { channel: 'after_case', surveyCode: 'ita-service', surveyVersion: 1, departmentCode: 'registration', userHash: 'h', status: 'completed', answers: [{ questionId: 'overall', type: 'rating', score: 5, skipped: false, satisfied: true, overall: true }], at, period: { day: '2027-07-01', month: '2027-07', half: '2570-H2' }, updatedAt: at };
    await SurveyResponseModel.collection.insertMany([
      { ...legacy, subjectKey: 'case:old-case-1', caseId: 'old-case-1', officerId: 'U_officer' },
      { ...legacy, subjectKey: 'case:old-case-2', caseId: 'old-case-2', officerId: 'U_nobody_we_know' },
      { ...legacy, subjectKey: 'ticket:new', channel: 'after_ticket', officerId },
    ]);
    const report = await surveyReport(query({ from: '2027-07-01', to: '2027-07-31', by: 'officer' }));
    expect(report.groups.map((g) => [g.key, g.responses])).toEqual([
      [`served:${officerId}`, 2],
      [null, 1],
    ]);
    expect(JSON.stringify(report)).not.toContain('U_');
    const rows = await SurveyResponseModel.collection.find({ 'period.day': '2027-07-01' }).toArray();
    expect(rows.map((r) => [r.subjectKey, r.caseId, r.officerId])).toEqual([
      [servedSubjectKeys('case', 'old-case-1')[0], undefined, officerId],
      [servedSubjectKeys('case', 'old-case-2')[0], undefined, undefined],
      ['ticket:new', undefined, officerId],
    ]);
    // Running it again changes nothing.
    expect(await upgradeStoredSurveys()).toBe(0);
  });

  it('when exported as CSV, then it has a header, one line per group and the total, with Thai intact', async () => {
    const csv = reportCsv(await surveyReport(query({ from: '2026-09-01', to: '2027-04-30', by: 'department' })));
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe(
      'group,label,responses,completed,overall_answered,overall_satisfied,overall_satisfied_pct,overall_mean,meets_target_80,q_steps_answered,q_steps_mean,q_steps_satisfied_pct,q_noBribe_answered,q_noBribe_mean,q_noBribe_satisfied_pct,q_overall_answered,q_overall_mean,q_overall_satisfied_pct',
    );
    expect(lines[1]).toBe('public-works,กองช่าง,2,2,2,1,50,3,false,0,,,1,,0,2,3,50');
    expect(lines[3]).toMatch(/^total,รวมทั้งหมด,5,4,4,2,50,3.5,false,/);
    expect(lines).toHaveLength(4);
  });

  it('when 1999 of 2500 are satisfied (79.96%, shown rounded as 80), then the target is not met; 2000 of 2500 meets it', async () => {
    expect(meetsTarget(1999, 2500)).toBe(false);
    expect(meetsTarget(2000, 2500)).toBe(true);
    expect(meetsTarget(0, 0)).toBeNull();
    const at = new Date('2028-01-10T03:00:00Z');
    await SurveyResponseModel.insertMany(
      Array.from({ length: 2500 }, (_, i) => ({
        subjectKey: `ticket:bulk-${i}`,
        channel: 'after_ticket',
        surveyCode: 'ita-service',
        surveyVersion: 1,
        departmentCode: 'bulk',
        userHash: `h${i}`,
        status: 'completed',
        answers: [{ questionId: 'overall', type: 'rating', score: i < 1999 ? 5 : 3, skipped: false, satisfied: i < 1999, overall: true }],
        at,
        period: { day: '2028-01-10', month: '2028-01', half: '2571-H1' },
        updatedAt: at,
      })),
    );
    const report = await surveyReport(query({ from: '2028-01-01', to: '2028-01-31', by: 'department' }));
    expect(report.groups[0].overall).toMatchObject({ answered: 2500, satisfied: 1999, satisfiedPercent: 80, meetsTarget: false });
  });

  it('when parameters are wrong, then the schema says which', () => {
    expect(reportQuerySchema.safeParse({ from: '2026-02-30', to: '2026-03-01' }).success).toBe(false);
    expect(reportQuerySchema.safeParse({ from: '2026-03-02', to: '2026-03-01' }).success).toBe(false);
    expect(reportQuerySchema.safeParse({ from: '2026-03-01', to: '2026-03-01', by: 'weekday' }).success).toBe(false);
    expect(reportQuerySchema.safeParse({ from: { $gt: '' }, to: '2026-03-01' }).success).toBe(false);
    expect(reportQuerySchema.parse({ from: '2026-03-01', to: '2026-03-01' })).toEqual({ from: '2026-03-01', to: '2026-03-01', by: 'department', lang: 'th' });
  });

  it('when a half-year key is labelled in English, then the fiscal year is the Common Era one', () => {
    expect(halfLabel('2570-H1', 'en')).toBe('First half of fiscal year 2027 (Oct 2026 - Mar 2027)');
    expect(halfLabel('2570-H2', 'th')).toBe('ครึ่งปีหลัง ปีงบประมาณ 2570 (เม.ย. 2570 - ก.ย. 2570)');
  });
});
