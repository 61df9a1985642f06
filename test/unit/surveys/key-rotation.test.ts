import { useTestDatabase } from '../../support/db';
import { clock } from '../../../src/shared/clock';
import { DepartmentModel } from '../../../src/features/departments/department.model';
import { QueueServiceModel } from '../../../src/features/queue/service.model';
import { configureSurveyHashes, subjectHashes, userHash, userHashes } from '../../../src/features/surveys/survey-hashes';
import { SurveyResponseModel } from '../../../src/features/surveys/survey-response.model';
import { SurveyInvitationModel } from '../../../src/features/surveys/survey-invitation.model';
import { loadDemoSurvey } from '../../../src/features/surveys/survey-store';
import { recordInvitation } from '../../../src/features/surveys/invitations.service';
import { startAtPoint } from '../../../src/features/surveys/points.service';
import { answerSurvey, completeSurvey } from '../../../src/features/surveys/surveys.service';

const db = useTestDatabase();
const OLD = { version: 'v1', key: Buffer.alloc(32, 1) };
const NEW = { version: 'v2', key: Buffer.alloc(32, 2) };
const rotate = () => configureSurveyHashes({ encryptionKeys: { current: NEW, previous: [OLD] } });
// 10.00 in Bangkok.
const NOW = new Date('2026-11-20T03:00:00Z');

// The app's clock stands at NOW too: records kept under a TTL index are timed from it.
beforeEach(async () => {
  clock.freeze(NOW);
  await db.clear();
  configureSurveyHashes({ encryptionKeys: { current: OLD, previous: [] } });
  await loadDemoSurvey(NOW);
  await DepartmentModel.create({ code: 'registration', name: { th: 'งานทะเบียนราษฎร' } });
  await QueueServiceModel.create({ code: 'civil-registration', prefix: 'A', departmentCode: 'registration', name: { th: 'ทะเบียนราษฎร' }, counters: [1, 2] });
});

async function rateCounter(userId: string, code: string, at: Date): Promise<void> {
  const start = await startAtPoint(code, 'qr', userId, at);
  await answerSurvey({ subject: start.subject, survey: start.survey, values: { overall: { score: 5 } }, userId, now: at });
  await completeSurvey(start.subject.key, userId, at);
}

afterEach(() => clock.reset());

describe('survey hashes across a key rotation', () => {
  it('when the key is rotated, then new hashes use the new key and the old hash is still recognised', () => {
    const before = userHash('U_1');
    rotate();
    expect(userHash('U_1')).not.toBe(before);
    expect(userHashes('U_1')).toEqual([userHash('U_1'), before]);
    expect(subjectHashes('case', 'c1')).toHaveLength(2);
  });

  it('when a citizen rated a counter before the rotation, then the same day after it they are still refused', async () => {
    await rateCounter('U_1', 'civil-registration-1', NOW);
    rotate();
    await expect(startAtPoint('A-2', 'qr', 'U_1', new Date(NOW.getTime() + 3_600_000))).rejects.toMatchObject({ kind: 'conflict', messageKey: 'surveys.errors.alreadyRatedToday' });
    await rateCounter('U_2', 'civil-registration-1', NOW);
    expect(await SurveyResponseModel.countDocuments()).toBe(2);
  });

  it('when the same case is invited again after the rotation, then the invitation made before is found, not a second one', async () => {
    const before = await recordInvitation({ channel: 'after_case', citizenId: 'U_1', subjectId: 'c1' }, NOW);
    rotate();
    expect(await recordInvitation({ channel: 'after_case', citizenId: 'U_1', subjectId: 'c1' }, NOW)).toBe(before);
    expect(await SurveyInvitationModel.countDocuments()).toBe(1);
    const after = await recordInvitation({ channel: 'after_case', citizenId: 'U_1', subjectId: 'c2' }, NOW);
    expect(after).toBe(`case:${subjectHashes('case', 'c2')[0]}`);
    expect((await SurveyInvitationModel.findOne({ subjectKey: after }).lean())?.userHash).toBe(userHash('U_1'));
  });
});
