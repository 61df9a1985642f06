import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildIntegrityIntro, buildIntegrityReceipt, buildIntegritySummary, buildIntegrityTrackResult } from '../../../flex-messages/integrity/citizen';
import { buildIntegrityAlertDigest, buildIntegrityOfficerAlert, buildIntegrityReportCard, buildIntegrityReportList, buildIntegrityStats } from '../../../flex-messages/integrity/officer';
import { officerStatusFlow } from '../../../src/features/integrity/officer-status.flow';
import { reportFlow } from '../../../src/features/integrity/report.flow';
import { trackFlow } from '../../../src/features/integrity/track.flow';
import { INTEGRITY_STATUSES } from '../../../src/features/integrity/integrity-status';
import { translator } from '../../../src/i18n';
import { LANGUAGES } from '../../../src/i18n/languages';
import type { BotContext } from '../../../src/line/context';
import { findLimitProblems } from '../../../src/line/limits';
import type { Message } from '../../../src/line/types';

const th = translator('th');
const longThai = 'เจ้าหน้าที่เรียกเงินเพิ่มจากค่าธรรมเนียมปกติ '.repeat(80);

const card = {
  reference: 'R-ABCDEFGHJK',
  statusLabel: 'รับเรื่องแล้ว',
  kindLabel: 'เรียกรับเงิน ของขวัญ หรือประโยชน์อื่น',
  receivedAt: '21 พ.ย. 2569 13.30 น.',
  dueDate: '21 ธ.ค. 2569',
  overdue: false,
  anonymous: false,
  identity: { name: 'สมชาย ใจกล้า', phone: '0812345678' },
  notify: true,
  subject: 'งานทะเบียน ช่อง 2',
  whenWhere: '10 พ.ย. ช่วงบ่าย',
  description: longThai,
  evidence: Array.from({ length: 10 }, (_, i) => ({ label: `ดูรูปหลักฐาน ${i + 1}`, url: `https://oa.example.test/integrity/evidence/0123456789abcdef0123456${i}?o=0123456789abcdef01234567&exp=1800000000&sig=${'x'.repeat(43)}` })),
  history: Array.from({ length: 8 }, (_, i) => ({ at: '21 พ.ย. 2569 13.30 น.', statusLabel: 'สอบสวน', officerName: 'นิติกร สมหญิง', note: `บันทึก ${i} ${longThai.slice(0, 400)}`, publicText: 'อยู่ระหว่างสอบสวน' })),
  publicOutcome: 'อยู่ระหว่างสอบสวน',
  statusData: 'v=1&a=integrity.status&id=0123456789abcdef01234567',
};

describe('integrity flex builders', () => {
  test('when the intro is built, then it is within limits and names the hotlines with tel: links', () => {
    const m = buildIntegrityIntro({ hotlines: { damrongdham: '1567', nacc: '1205', pacc: '1206' }, anonymousAllowed: true, continueData: 'go', cancelData: 'cancel' }, th);
    expect(findLimitProblems([m])).toEqual([]);
    const json = JSON.stringify(m);
    expect(json).toContain('"uri":"tel:1567"');
    expect(json).toContain('หากเป็นเรื่องของนายกเทศมนตรีหรือคณะผู้บริหาร กรุณาแจ้งศูนย์ดำรงธรรม โทร 1567 หรือสำนักงาน ป.ป.ช. โทร 1205 หรือสำนักงาน ป.ป.ท. โทร 1206');
  });

  test('when the summary of an anonymous report is built, then it shows no name or phone rows', () => {
    const m = buildIntegritySummary({ anonymous: true, kindLabel: 'ลัดคิว', description: longThai, evidenceCount: 2, notify: false, confirmData: 'c', restartData: 'r', cancelData: 'x' }, th);
    expect(findLimitProblems([m])).toEqual([]);
    const json = JSON.stringify(m);
    expect(json).toContain('ไม่ระบุชื่อ');
    expect(json).not.toContain('โทรศัพท์');
    expect(json).toContain('2 รายการ');
  });

  test('when the receipt is built, then it shows the reference and PIN once with how to track', () => {
    const m = buildIntegrityReceipt({ reference: 'R-ABCDEFGHJK', pin: '042719', receivedAt: '21 พ.ย. 2569 13.30 น.', dueDays: 30, notify: false }, th);
    expect(findLimitProblems([m])).toEqual([]);
    expect(m.altText).toBe('ได้รับเบาะแสแล้ว เลขอ้างอิง R-ABCDEFGHJK');
    const json = JSON.stringify(m);
    expect(json).toContain('"text":"042719"');
    expect(json).toContain('R-ABCDEFGHJK 123456');
  });

  test('when a tracking result is built, then it shows status and outcome', () => {
    const m = buildIntegrityTrackResult({ reference: 'R-ABCDEFGHJK', statusLabel: 'ไม่มีมูล', kindLabel: 'ลัดคิว', receivedAt: 'a', updatedAt: 'b', publicOutcome: 'ตรวจสอบแล้วไม่พบการกระทำผิด' }, th);
    expect(findLimitProblems([m])).toEqual([]);
    expect(m.altText).toBe('เบาะแส R-ABCDEFGHJK: ไม่มีมูล');
    expect(JSON.stringify(m)).toContain('ตรวจสอบแล้วไม่พบการกระทำผิด');
  });

  test('when an officer alert is built, then it carries only the reference and a button', () => {
    const m = buildIntegrityOfficerAlert({ reference: 'R-ABCDEFGHJK', reason: 'new', viewData: 'v=1&a=integrity.view&id=0123456789abcdef01234567' }, th);
    expect(findLimitProblems([m])).toEqual([]);
    expect(m.altText).toBe('มีเบาะแสการทุจริตเรื่องใหม่ เลขอ้างอิง R-ABCDEFGHJK');
  });

  test('when deadline alerts are built in any language, then the due-today, not-taken-up and digest forms are within limits and say no day count of 0', () => {
    for (const lang of LANGUAGES) {
      const t = translator(lang);
      const messages = [
        buildIntegrityOfficerAlert({ reference: 'R-ABCDEFGHJK', reason: 'dueToday', dueDate: '31 ม.ค. 2570', viewData: 'v' }, t),
        buildIntegrityOfficerAlert({ reference: 'R-ABCDEFGHJK', reason: 'unaccepted', acceptDays: 1, dueDate: '31 ม.ค. 2570', viewData: 'v' }, t),
        buildIntegrityAlertDigest({ title: t('integrity.alert.digestEscalation', { count: 40 }), lines: Array.from({ length: 15 }, () => t('integrity.alert.line.unaccepted', { reference: 'R-ABCDEFGHJK', days: 1 })), more: 25, listData: 'v=1&a=integrity.list' }, t),
      ];
      expect(findLimitProblems(messages)).toEqual([]);
    }
    expect(buildIntegrityOfficerAlert({ reference: 'R-ABCDEFGHJK', reason: 'dueToday', dueDate: '31 ม.ค. 2570', viewData: 'v' }, th).altText).toBe('เบาะแสเลขอ้างอิง R-ABCDEFGHJK ครบกำหนดวันนี้ (31 ม.ค. 2570)');
  });

  test('when the largest report card is built, then it stays within LINE limits and shows identity, links and the last history', () => {
    for (const lang of LANGUAGES) {
      const m = buildIntegrityReportCard(card, translator(lang));
      expect(findLimitProblems([m])).toEqual([]);
    }
    const json = JSON.stringify(buildIntegrityReportCard(card, th));
    expect(json).toContain('สมชาย ใจกล้า');
    expect(json).toContain('บันทึก 7');
    expect(json).not.toContain('บันทึก 2');
    expect(json).toContain('"text":"21 พ.ย. 2569 13.30 น. สอบสวน (นิติกร สมหญิง)"');
    expect(json.match(/"type":"uri"/g)).toHaveLength(10);
  });

  test('when the card has evidence without links, then it says why', () => {
    const m = buildIntegrityReportCard({ ...card, evidence: [{ label: 'x' }], statusData: undefined }, th);
    const json = JSON.stringify(m);
    expect(json).toContain('ยังไม่ได้ตั้งค่าที่อยู่เว็บไซต์ของเทศบาล กรุณาแจ้งผู้ดูแลระบบ');
    expect(json).not.toContain('PUBLIC_BASE_URL');
  });

  test('when the list and statistics are built, then they are within limits', () => {
    const items = Array.from({ length: 15 }, (_, i) => ({ reference: `R-ABCDEFGH${i}`, statusLabel: 'สอบสวน', kindLabel: 'ลัดคิว', receivedAt: 'a', dueDate: 'b', overdue: i % 2 === 0, viewData: 'v=1&a=integrity.view&id=0123456789abcdef01234567' }));
    const list = buildIntegrityReportList(items, 15, th);
    expect(findLimitProblems([list])).toEqual([]);
    expect((list.contents as { contents: unknown[] }).contents).toHaveLength(12);
    const stats = buildIntegrityStats({ asOf: 'x', total: 3, byStatus: INTEGRITY_STATUSES.map((s) => ({ label: th(`integrity.status.${s}`), count: 1 })), byKind: [{ label: 'ลัดคิว', count: 3 }] }, th);
    expect(findLimitProblems([stats])).toEqual([]);
  });
});

describe('integrity flow prompts', () => {
  test.each(LANGUAGES)('when every prompt is built in %s, then each is within LINE limits (quick reply labels included)', async (lang) => {
    const ctx = { t: translator(lang), lang } as unknown as BotContext;
    const prompts: Message[][] = [];
    const answers = { mode: 'anonymous' as const, kind: 'other' as const, description: longThai, whenWhere: 'x', evidence: [], notify: true };
    // The intro reads settings from the database; its flex is checked above.
    for (const [id, step] of Object.entries(reportFlow.steps)) if (id !== 'intro') prompts.push(await step.prompt(ctx, answers));
    for (const step of Object.values(trackFlow.steps)) prompts.push(await step.prompt(ctx, {}));
    for (const from of INTEGRITY_STATUSES) prompts.push(await officerStatusFlow.steps.status.prompt(ctx, { reportId: 'x', reference: 'R-ABCDEFGHJK', from }));
    for (const messages of prompts) expect(findLimitProblems(messages)).toEqual([]);
  });
});

describe('the Burmese basics', () => {
  const locale = (lang: string) => JSON.parse(readFileSync(join(__dirname, '../../../src/i18n/locales', lang, 'integrity.json'), 'utf8')) as Record<string, Record<string, string>>;

  test.each(['intro', 'mode', 'kind', 'kindShort', 'receipt', 'track', 'status'])('when a Burmese reader meets the %s texts, then every one is in Burmese, not the Thai fallback', (group) => {
    const [th, my] = [locale('th'), locale('my')];
    expect(Object.keys(my[group] ?? {}).sort()).toEqual(Object.keys(th[group]).sort());
    for (const key of Object.keys(th[group])) expect(my[group][key]).not.toMatch(/[\u0E00-\u0E7F]/);
  });
});
