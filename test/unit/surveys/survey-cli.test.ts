import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { runScript, type ScriptResult } from '../../support/cli';
import { useTestDatabase } from '../../support/db';
import { createFakeLineApi } from '../../../src/line/fake/fake-line-api';
import { DepartmentModel } from '../../../src/features/departments/department.model';
import { QueueServiceModel } from '../../../src/features/queue/service.model';
import { DEFAULT_SURVEY } from '../../../src/features/surveys/survey-definition';
import { loadDemoSurvey } from '../../../src/features/surveys/survey-store';
import { answerSurvey, completeSurvey } from '../../../src/features/surveys/surveys.service';
import { pointLink } from '../../../src/features/surveys/survey-qr';

const db = useTestDatabase();
let dataDir = '';
let fakeLine: http.Server;
let fakeLineUrl = '';

/** Runs `npm run survey -- <args>` (tsx scripts/survey.ts) against the test database, in local mode with a temporary DATA_DIR. */
function survey(args: string[], env: Record<string, string> = {}): Promise<ScriptResult> {
  return runScript(db, 'survey', args, { DATA_DIR: dataDir, ...env });
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'survey-cli-'));
  const app = express();
  app.use(createFakeLineApi({ channelAccessToken: 'local-simulator-access-token' }).router);
  fakeLine = await new Promise((resolve) => {
    const server = http.createServer(app).listen(0, '127.0.0.1', () => resolve(server));
  });
  fakeLineUrl = `http://127.0.0.1:${(fakeLine.address() as AddressInfo).port}`;

  await db.clear();
  await loadDemoSurvey(new Date('2026-01-01T00:00:00Z'));
  await DepartmentModel.create({ code: 'registration', name: { th: 'งานทะเบียนราษฎร', en: 'Civil Registration' } });
  await QueueServiceModel.create({ code: 'civil-registration', prefix: 'A', departmentCode: 'registration', name: { th: 'ทะเบียนราษฎร', en: 'Civil registration' }, counters: [1, 2] });
  const questions = { code: DEFAULT_SURVEY.code, version: 1, questions: DEFAULT_SURVEY.questions };
  for (const [i, score] of [5, 4, 2].entries()) {
    const now = new Date(`2026-10-0${i + 1}T03:00:00Z`);
    const subject = { key: `ticket:cli-${i}`, channel: 'after_ticket' as const, departmentCode: 'registration', serviceCode: 'civil-registration', startedAt: now.toISOString() };
    await answerSurvey({ subject, survey: questions, values: { overall: { score } }, userId: `U_cli_${i}`, now });
    await completeSurvey(subject.key, `U_cli_${i}`, now);
  }
});

afterAll(async () => {
  await new Promise((resolve) => fakeLine.close(resolve));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('npm run survey', () => {
  it('when a report is asked for, then the table names the service, says what the target is measured on and gives the verdict; --csv gives the same figures', async () => {
    const table = await survey(['report', '--from', '2026-10-01', '--to', '2026-10-31', '--by', 'service']);
    expect(table.code).toBe(0);
    const lines = table.stdout.split('\n');
    expect(lines[0]).toBe('Satisfaction 2026-10-01 to 2026-10-31 by service (target 80% satisfied, measured on: overall)');
    expect(lines[1]).toMatch(/^ร้อยละความพึงพอใจ คือ ร้อยละของแบบประเมินที่ตอบข้อ "โดยรวมแล้ว/);
    expect(table.stdout).toContain('ทะเบียนราษฎร: 3 responses (3 completed), overall 66.7% satisfied, mean 3.67  BELOW TARGET');

    const csv = await survey(['report', '--from', '2026-10-01', '--to', '2026-10-31', '--by', 'service', '--csv']);
    expect(csv.stdout.replace(/^\uFEFF/, '').split('\r\n')[1]).toMatch(/^service:civil-registration,ทะเบียนราษฎร,3,3,3,2,66\.7,3\.67,false,/);
  }, 60_000);

  it('when a report has a wrong date, then it exits 1 naming the parameter', async () => {
    const bad = await survey(['report', '--from', '2026-02-30', '--to', '2026-03-01']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--from');
  }, 60_000);

  it('when a QR card is made for a counter, then the link opens the OA (basic ID from LINE) with the counter named, and the PNG is written', async () => {
    const out = path.join(dataDir, 'counter-1.png');
    const result = await survey(['qr', 'A-1', '--out', out], { LINE_API_BASE_URL: fakeLineUrl, LINE_DATA_API_BASE_URL: fakeLineUrl });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim().split('\n')).toEqual(['point: civil-registration-1 (ทะเบียนราษฎร ช่องบริการ 1)', `link: ${pointLink('@bansukjai', 'civil-registration-1')}`, `written: ${out}`]);
    expect([...fs.readFileSync(out).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  }, 60_000);

  it('when the point does not exist, then nothing is written and the command says why', async () => {
    const result = await survey(['qr', 'nowhere-9', '--basic-id', '@bansukjai', '--out', path.join(dataDir, 'x.png')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no service point "nowhere-9"');
    expect(fs.existsSync(path.join(dataDir, 'x.png'))).toBe(false);
  }, 60_000);
});
