import { events } from '../../support/webhook';
import type { ComplaintDoc } from '../../../src/features/complaints/complaint.model';
import { OfficerModel } from '../../../src/features/officers/officer.model';
import { saveSettings } from '../../../src/features/municipality/settings';
import { encodePostback } from '../../../src/line/postback';
import { OutboxModel } from '../../../src/notifications/outbox.model';
import { clock } from '../../../src/shared/clock';
import { addOfficer, fileCase, seedMunicipality, useOfficersBot } from './fixtures';

// At T0 (1 March 2570, 09.00 Bangkok), cases filed now are due 16 มี.ค. 2570.
const bot = useOfficersBot();
const THREE_DAYS_BEFORE = new Date('2027-03-13T02:00:00Z');
const A = 'U_rd_somchai';
const B = 'U_rd_wichai';
const HEAD = 'U_rd_head';

beforeEach(async () => {
  await seedMunicipality();
  // Nobody is escalated for not accepting within these tests' span.
  await saveSettings({ complaints: { acceptWithinDays: 30 } });
  await addOfficer(A, 'public-works', 'สมชาย ช่างดี');
  await addOfficer(B, 'public-works', 'วิชัย รักงาน');
  await addOfficer(HEAD, 'public-works', 'สมศรี หัวหน้า', ['officer', 'head']);
});

async function tick(): Promise<void> {
  await bot.runtime.scheduler.runNow('officers.deadlines');
  await bot.drain();
}

/** A road case filed now, accepted by `officer` when given. */
async function roadCase(officer?: string): Promise<ComplaintDoc> {
  const doc = await fileCase(clock.now());
  if (officer) await bot.send(events.postback(encodePostback('officers.accept', { c: doc._id.toHexString() }), { userId: officer }));
  clock.advance(60_000);
  return doc;
}

describe('reminders gathered per recipient', () => {
  it('when an officer holds several cases reaching a reminder in one run, then one push lists them all, once', async () => {
    const docs = [await roadCase(A), await roadCase(A), await roadCase(A)];
    await roadCase(B);
    await bot.drain();
    bot.clearCalls();
    clock.freeze(THREE_DAYS_BEFORE);
    await tick();
    expect(bot.pushesTo(A)).toHaveLength(1);
    expect(bot.textsTo(A)[0].split('\n')).toEqual([
      'เตือน: มีเรื่องใกล้ครบกำหนดเสร็จ 3 เรื่อง ดังนี้',
      ...docs.map((d) => `• ${d.number} (ถนน/ทางเท้าชำรุด) กำหนดเสร็จ 16 มี.ค. 2570 (อีก 3 วัน)`),
    ]);
    // B holds one case: the usual sentence.
    expect(bot.textsTo(B)).toEqual([expect.stringMatching(/^เตือน: เรื่อง C\d{4}-\d{5} \(ถนน\/ทางเท้าชำรุด\) กำหนดเสร็จ 16 มี.ค. 2570 \(อีก 3 วัน\)$/)]);
    expect(await OutboxModel.countDocuments({ topic: 'officers.reminder' })).toBe(2);

    clock.advance(3_600_000);
    await tick();
    expect(bot.pushesTo(A)).toHaveLength(1);
    expect(bot.pushesTo(B)).toHaveLength(1);
  });

  it('when cases have no holder, then the department gets one list; the holder of the others gets their own', async () => {
    const unheld = [await roadCase(), await roadCase()];
    const held = await roadCase(A);
    await bot.drain();
    bot.clearCalls();
    clock.freeze(THREE_DAYS_BEFORE);
    await tick();
    // Officers of the department (no LINE group here) each get the department's list once.
    for (const officer of [B, HEAD]) {
      expect(bot.pushesTo(officer)).toHaveLength(1);
      expect(bot.textsTo(officer)[0].split('\n')).toEqual(['เตือน: มีเรื่องใกล้ครบกำหนดเสร็จ 2 เรื่อง ดังนี้', ...unheld.map((d) => `• ${d.number} (ถนน/ทางเท้าชำรุด) กำหนดเสร็จ 16 มี.ค. 2570 (อีก 3 วัน)`)]);
    }
    // A is one of the department's officers too: the department's list and A's own reminder.
    expect(bot.textsTo(A)).toHaveLength(2);
    expect(bot.textsTo(A)).toContain(`เตือน: เรื่อง ${held.number} (ถนน/ทางเท้าชำรุด) กำหนดเสร็จ 16 มี.ค. 2570 (อีก 3 วัน)`);
  });

  it('when the holder is no longer active but still named on the cases (revoked before cases were returned on revoke), then their cases are reminded to the department', async () => {
    const docs = [await roadCase(A), await roadCase(A)];
    await bot.drain();
    await OfficerModel.updateOne({ lineUserId: A }, { $set: { active: false, revokedAt: clock.now() } });
    bot.clearCalls();
    clock.freeze(THREE_DAYS_BEFORE);
    await tick();
    expect(bot.textsTo(A)).toEqual([]);
    expect(bot.textsTo(B)[0].split('\n')).toEqual(['เตือน: มีเรื่องใกล้ครบกำหนดเสร็จ 2 เรื่อง ดังนี้', ...docs.map((d) => `• ${d.number} (ถนน/ทางเท้าชำรุด) กำหนดเสร็จ 16 มี.ค. 2570 (อีก 3 วัน)`)]);
  });
});
