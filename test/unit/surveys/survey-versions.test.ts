import { useTestDatabase } from '../../support/db';
import { DEFAULT_SURVEY, type SurveyDefinition } from '../../../src/features/surveys/survey-definition';
import { SurveyModel } from '../../../src/features/surveys/survey.model';
import { SurveyResponseModel } from '../../../src/features/surveys/survey-response.model';
import { currentSurvey, loadDemoSurvey, surveyVersion } from '../../../src/features/surveys/survey-store';
import { surveysConfigSection } from '../../../src/features/surveys';
import { answerSurvey } from '../../../src/features/surveys/surveys.service';
import { recordInvitation, startFromInvitation } from '../../../src/features/surveys/invitations.service';
import { servedSubjectKeys } from '../../../src/features/surveys/survey-subjects';

const db = useTestDatabase();
// Near the real time: expired invitations are purged by a TTL index that runs on the real clock.
const T0 = new Date();
const T1 = new Date(T0.getTime() + 365 * 86_400_000);

/** Next year's form: equal treatment replaced by a question on the corruption channel, information reworded. */
const nextYear: SurveyDefinition = {
  ...DEFAULT_SURVEY,
  questions: [
    DEFAULT_SURVEY.questions[0],
    { id: 'channel', type: 'yes_no', positive: 'yes', text: { th: 'ท่านทราบช่องทางแจ้งเบาะแสการทุจริตของเทศบาลหรือไม่', en: 'Do you know how to report corruption to the municipality?' } },
    ...DEFAULT_SURVEY.questions.slice(2, 4),
    { id: 'info', type: 'rating', text: { th: 'ข้อมูลการให้บริการชัดเจน ค้นหาได้ง่าย มากน้อยเพียงใด', en: 'How clear and easy to find was the information?' } },
    ...DEFAULT_SURVEY.questions.slice(5),
  ],
};
const parse = (items: unknown[]) => items.map((i) => surveysConfigSection.itemSchema.parse(i));

beforeEach(() => db.clear());

describe('survey versions', () => {
  it('when demo data loads twice, then the default survey exists once as version 1', async () => {
    await loadDemoSurvey(T0);
    await loadDemoSurvey(T0);
    expect(await SurveyModel.countDocuments()).toBe(1);
    expect(await currentSurvey('after_case')).toMatchObject({ code: 'ita-service', version: 1, active: true });
  });

  it('when the config file changes the questions, then a new version is made, the old kept, and applying again changes nothing', async () => {
    expect(await surveysConfigSection.plan(parse([DEFAULT_SURVEY]))).toEqual([{ action: 'create', key: 'ita-service', details: 'version 1, 7 questions' }]);
    await surveysConfigSection.apply(parse([DEFAULT_SURVEY]), T0);
    expect(await surveysConfigSection.apply(parse([DEFAULT_SURVEY]), T0)).toEqual([{ action: 'unchanged', key: 'ita-service' }]);

    const plan = await surveysConfigSection.plan(parse([nextYear]));
    expect(plan).toEqual([{ action: 'update', key: 'ita-service', details: 'new version 2 (version 1 kept for its responses)' }]);
    expect(await SurveyModel.countDocuments()).toBe(1);
    await surveysConfigSection.apply(parse([nextYear]), T1);

    expect((await SurveyModel.find().sort({ version: 1 }).lean()).map((s) => [s.version, s.questions.length])).toEqual([
      [1, 7],
      [2, 7],
    ]);
    expect((await surveyVersion('ita-service', 1))?.questions[4].text.th).toBe(DEFAULT_SURVEY.questions[4].text.th);
    expect(await currentSurvey('qr')).toMatchObject({ version: 2 });
    expect(await surveysConfigSection.apply(parse([nextYear]), T1)).toEqual([{ action: 'unchanged', key: 'ita-service' }]);
  });

  it('when a survey is left out of the file, then it is retired (not deleted) and comes back when listed again', async () => {
    await surveysConfigSection.apply(parse([DEFAULT_SURVEY]), T0);
    expect(await surveysConfigSection.apply([], T1)).toEqual([{ action: 'deactivate', key: 'ita-service', details: 'no new responses; versions and responses kept' }]);
    expect(await SurveyModel.countDocuments({ active: false })).toBe(1);
    expect(await currentSurvey('menu')).toBeUndefined();
    expect(await surveysConfigSection.apply(parse([DEFAULT_SURVEY]), T1)).toEqual([{ action: 'update', key: 'ita-service', details: 'reactivated (version 1)' }]);
    expect(await SurveyModel.countDocuments()).toBe(1);
    expect(await currentSurvey('menu')).toMatchObject({ version: 1 });
  });

  it('when a survey is for some channels only, then the other channels fall back to the default survey', async () => {
    await surveysConfigSection.apply(parse([DEFAULT_SURVEY, { code: 'counter-quick', title: { th: 'ประเมินด่วน' }, channels: ['qr'], questions: [{ id: 'overall', type: 'rating', overall: true, text: { th: 'โดยรวมพึงพอใจเพียงใด' } }] }]), T0);
    expect(await currentSurvey('qr')).toMatchObject({ code: 'ita-service' });
    await surveysConfigSection.apply(parse([{ ...DEFAULT_SURVEY, channels: ['after_case', 'after_ticket', 'menu'] }, { code: 'counter-quick', title: { th: 'ประเมินด่วน' }, channels: ['qr'], questions: [{ id: 'overall', type: 'rating', overall: true, text: { th: 'โดยรวมพึงพอใจเพียงใด' } }] }]), T1);
    expect(await currentSurvey('qr')).toMatchObject({ code: 'counter-quick' });
    expect(await currentSurvey('menu')).toMatchObject({ code: 'ita-service', version: 2 });
  });

  it('when a new version arrives while a citizen is midway, then their response keeps the version it started with', async () => {
    await loadDemoSurvey(T0);
    const c1 = await recordInvitation({ channel: 'after_case', citizenId: 'U_mid', subjectId: 'c1', departmentCode: 'public-works' }, T0);
    expect(c1).toBe(servedSubjectKeys('case', 'c1')[0]);
    const first = await startFromInvitation(c1, 'U_mid', T0);
    await answerSurvey({ subject: first.subject, survey: first.survey, values: { steps: { score: 4 } }, userId: 'U_mid', now: T0 });
    await surveysConfigSection.apply(parse([nextYear]), T0);

    const resumed = await startFromInvitation(c1, 'U_mid', T0);
    expect(resumed.survey.version).toBe(1);
    expect(resumed.survey.questions.map((q) => q.id)).not.toContain('channel');
    expect(resumed.values).toEqual({ steps: { score: 4 } });
    expect((await SurveyResponseModel.findOne({ subjectKey: c1 }).lean())?.surveyVersion).toBe(1);

    const c2 = await recordInvitation({ channel: 'after_case', citizenId: 'U_new', subjectId: 'c2' }, T0);
    expect((await startFromInvitation(c2, 'U_new', T0)).survey.version).toBe(2);
  });
});
