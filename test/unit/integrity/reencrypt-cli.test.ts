import { randomBytes } from 'node:crypto';
import { readAnswers, storedAnswers } from '../../../src/conversation/session-answers';
import { SessionModel } from '../../../src/conversation/session.model';
import { DepartmentModel } from '../../../src/features/departments/department.model';
import { IntegrityReportModel } from '../../../src/features/integrity/integrity.model';
import { changeReportStatus, newReferenceAndPin, submitReport, viewReport } from '../../../src/features/integrity/integrity.service';
import { OfficerModel } from '../../../src/features/officers/officer.model';
import { openPayload, sealPayload } from '../../../src/line/event-payload';
import { WebhookEventModel } from '../../../src/line/webhook-event.model';
import { OutboxModel } from '../../../src/notifications/outbox.model';
import { enqueuePush, openDelivery } from '../../../src/notifications/outbox.service';
import { setEncryptionKeys } from '../../../src/shared/crypto';
import { runScript } from '../../support/cli';
import { useTestDatabase } from '../../support/db';

const db = useTestDatabase();
const v1 = { version: 'v1', key: randomBytes(32) };
const v2 = { version: 'v2', key: randomBytes(32) };

/** Runs `npm run reencrypt` (tsx scripts/reencrypt.ts) against the test database with the rotated keys. */
async function reencrypt(): Promise<string> {
  const result = await runScript(db, 'reencrypt', [], { DATA_ENCRYPTION_KEY: `v2:${v2.key.toString('base64')}`, DATA_ENCRYPTION_OLD_KEYS: `v1:${v1.key.toString('base64')}` });
  if (result.code !== 0) throw new Error(`reencrypt failed: ${result.stderr}`);
  return result.stdout;
}

beforeAll(async () => {
  await db.clear();
  setEncryptionKeys({ current: v1, previous: [] });
  await DepartmentModel.create({ code: 'legal', name: { th: 'งานนิติการ' }, isLegalAffairs: true });
  await OfficerModel.create({ lineUserId: 'U_legal_cli', name: 'นิติกร', departmentCode: 'legal', roles: ['integrity'], registeredAt: new Date() });
});

describe('npm run reencrypt', () => {
  test('when the key was rotated, then reports, open confidential dialogs, waiting confidential pushes and waiting webhook events all read with the new key alone, and a second run rewrites nothing', async () => {
    const now = new Date();
    const { reportId } = await submitReport({ reporterLineId: 'U_reporter_cli', anonymous: false, name: 'สมชาย ใจกล้า', phone: '0812345678', kind: 'extra_fee', details: { description: 'เก็บเงินเกินอัตรา' }, evidence: [], notify: true, ...newReferenceAndPin(), now });
    await changeReportStatus({ lineUserId: 'U_legal_cli', reportId, to: 'under_review', note: 'บันทึกภายใน', eventKey: 'evt-cli', now });
    await SessionModel.create({ userId: 'U_tracker_cli', flowId: 'integrity.track', version: 2, stepId: 'pin', ...storedAnswers('U_tracker_cli', 'integrity.track', { reference: 'R-ABCDEFGHJK' }, true), expiresAt: new Date(now.getTime() + 600_000), updatedAt: now, purgeAt: new Date(now.getTime() + 86_400_000) });
    await enqueuePush({ to: 'U_reporter_cli', messages: [{ type: 'text', text: 'ลับ' }], topic: 'test.sealed', confidential: true });
    const waitingEvent = { webhookEventId: '01CLIWAITING', type: 'message', timestamp: now.getTime(), source: { type: 'user', userId: 'U_reporter_cli' }, message: { type: 'text', id: 'm1', text: 'เบาะแส' } };
    await WebhookEventModel.create({ webhookEventId: waitingEvent.webhookEventId, sourceKey: 'U_reporter_cli', timestamp: waitingEvent.timestamp, type: 'message', payload: sealPayload(waitingEvent), status: 'pending', receivedAt: now, nextAttemptAt: new Date(0) });

    const first = await reencrypt();
    expect(first).toContain('integrity reports re-encrypted under key v2: 1');
    expect(first).toContain('confidential dialogs re-sealed under key v2: 1');
    expect(first).toMatch(/waiting confidential pushes re-sealed under key v2: [1-9]/);
    expect(first).toContain('waiting webhook events re-sealed under key v2: 1');
    expect(first).toContain('keep the old key in DATA_ENCRYPTION_OLD_KEYS until 44 days after the rotation');
    expect(await reencrypt()).toContain('total: 0');

    setEncryptionKeys({ current: v2, previous: [] });
    expect((await viewReport('U_legal_cli', reportId, now)).report.history.at(-1)?.note).toBe('บันทึกภายใน');
    const session = await SessionModel.findOne({ userId: 'U_tracker_cli' }).lean<{ userId: string; flowId: string; sealed?: unknown }>();
    expect(readAnswers(session!)).toEqual({ reference: 'R-ABCDEFGHJK' });
    const push = await OutboxModel.findOne({ topic: 'test.sealed' }).lean();
    expect(openDelivery(push!)).toEqual({ to: ['U_reporter_cli'], messages: [{ type: 'text', text: 'ลับ' }] });
    expect((await IntegrityReportModel.findById(reportId).lean())!.details.v).toBe('v2');
    const event = await WebhookEventModel.findOne({ webhookEventId: waitingEvent.webhookEventId }).lean();
    expect(openPayload(event!.payload, waitingEvent.webhookEventId)).toEqual(waitingEvent);
  }, 90_000);
});
