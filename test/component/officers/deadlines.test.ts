import { events } from '../../support/webhook';
import { officersFeature } from '../../../src/features/officers';
import { helpFeature } from '../../../src/features/help/help.handlers';
import { ComplaintModel, type ComplaintDoc } from '../../../src/features/complaints/complaint.model';
import { runDeadlines } from '../../../src/features/officers/deadlines.job';
import { saveSettings } from '../../../src/features/municipality/settings';
import { flowAnswer } from '../../../src/conversation/engine';
import { encodePostback } from '../../../src/line/postback';
import { OutboxModel } from '../../../src/notifications/outbox.model';
import { clock } from '../../../src/shared/clock';
import { createRuntime } from '../../../src/runtime';
import { A, B, CITIZEN, fileCase, HEAD, seedPublicWorksTeam, useOfficersBot } from './fixtures';

const bot = useOfficersBot();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const FOLLOWER = 'U_metoo_neighbour';

beforeEach(() => seedPublicWorksTeam());

/** Runs the deadline job as the scheduler would, then delivers what it queued. */
async function tick(): Promise<void> {
  await bot.runtime.scheduler.runNow('officers.deadlines');
  await bot.drain();
}

/** A road case (due in 15 days: 16 มี.ค. 2570, 09.00) accepted by A. */
async function acceptedCase(): Promise<ComplaintDoc> {
  const doc = await fileCase(clock.now());
  await bot.send(events.postback(encodePostback('officers.accept', { c: doc._id.toHexString() }), { userId: A }));
  bot.clearCalls();
  return doc;
}

describe('reminders before the due date', () => {
  it('when the clock reaches 3 days before and then the due day, then the holder is reminded once each, on a controlled clock', async () => {
    const doc = await acceptedCase();
    clock.freeze(new Date('2027-03-13T00:59:00Z')); // 07.59 on 13 มี.ค.: not yet
    await tick();
    expect(bot.textsTo(A)).toEqual([]);
    clock.advance(60_000); // 08.00 Bangkok, 3 days before
    await tick();
    await tick();
    expect(bot.textsTo(A)).toEqual([`เตือน: เรื่อง ${doc.number} (ถนน/ทางเท้าชำรุด) กำหนดเสร็จ 16 มี.ค. 2570 (อีก 3 วัน)`]);
    clock.freeze(new Date('2027-03-16T01:00:00Z')); // 08.00 on the due day
    await tick();
    expect(bot.textsTo(A)[1]).toBe(`เตือน: เรื่อง ${doc.number} (ถนน/ทางเท้าชำรุด) ครบกำหนดวันนี้ (16 มี.ค. 2570) หากไม่ทันกรุณาแจ้งเหตุล่าช้า`);
    expect(bot.textsTo(B)).toEqual([]);
  });

  it('when the server restarts (a second runtime) and runs the job again, then no reminder is sent twice', async () => {
    await acceptedCase();
    clock.freeze(new Date('2027-03-13T02:00:00Z'));
    await tick();
    expect(bot.textsTo(A)).toHaveLength(1);
    // A restarted server: a fresh runtime (router, engine, scheduler) over the same database.
    const restarted = createRuntime(bot.config, [officersFeature, helpFeature]);
    await restarted.scheduler.runNow('officers.deadlines');
    await runDeadlines(clock.now());
    await bot.drain();
    expect(bot.textsTo(A)).toHaveLength(1);
    expect(await OutboxModel.countDocuments({ topic: 'officers.reminder' })).toBe(1);
  });

  it('when the job was down through several reminder points, then on its return it sends the latest one only', async () => {
    const doc = await acceptedCase();
    clock.freeze(new Date('2027-03-16T01:30:00Z')); // 08.30 on the due day: after both points, before the 09.00 due time
    await tick();
    expect(bot.textsTo(A)).toEqual([expect.stringContaining(`เรื่อง ${doc.number} (ถนน/ทางเท้าชำรุด) ครบกำหนดวันนี้`)]);
  });

  it('when the job was down from before the 3-day point until the day before, then the late reminder counts the days really left', async () => {
    const doc = await acceptedCase();
    clock.freeze(new Date('2027-03-15T03:00:00Z')); // 10.00 on 15 มี.ค., due the next morning
    await tick();
    expect(bot.textsTo(A)).toEqual([`เตือน: เรื่อง ${doc.number} (ถนน/ทางเท้าชำรุด) กำหนดเสร็จ 16 มี.ค. 2570 (อีก 1 วัน)`]);
  });

  it('when nobody has accepted the case, then reminders go to the department', async () => {
    const doc = await fileCase(clock.now());
    await bot.drain();
    bot.clearCalls();
    await saveSettings({ complaints: { acceptWithinDays: 30 } });
    clock.freeze(new Date('2027-03-13T02:00:00Z'));
    await tick();
    for (const officer of [A, B, HEAD]) expect(bot.textsTo(officer)).toEqual([expect.stringContaining(`เตือน: เรื่อง ${doc.number}`)]);
  });

  it('when the municipality configures other reminder days, then those are used', async () => {
    await saveSettings({ complaints: { reminderDaysBeforeDue: [5] } });
    const doc = await acceptedCase();
    clock.freeze(new Date('2027-03-11T01:00:00Z'));
    await tick();
    expect(bot.textsTo(A)).toEqual([expect.stringContaining(`เรื่อง ${doc.number} (ถนน/ทางเท้าชำรุด) กำหนดเสร็จ 16 มี.ค. 2570 (อีก 5 วัน)`)]);
  });
});

describe('escalations', () => {
  it('when a case is not accepted within a day, then the head is told, once', async () => {
    const doc = await fileCase(clock.now());
    await bot.drain();
    bot.clearCalls();
    clock.advance(DAY - 60_000);
    await tick();
    expect(bot.textsTo(HEAD)).toEqual([]);
    clock.advance(60_000);
    await tick();
    await tick();
    expect(bot.textsTo(HEAD)).toEqual([`เรื่อง ${doc.number} (ถนน/ทางเท้าชำรุด) ยังไม่มีเจ้าหน้าที่รับเรื่อง เกิน 1 วันแล้ว กรุณาเตือนเจ้าหน้าที่ในหน่วยงาน หรือรับเรื่องเอง (พิมพ์ "เลยกำหนด" เพื่อดูรายการ)`]);
    expect(bot.textsTo(A)).toEqual([]);
  });

  it('when a case passes its due date, then the head is told and the citizen gets the standard delay notice with a new date', async () => {
    const doc = await acceptedCase();
    clock.freeze(new Date('2027-03-16T02:00:01Z'));
    await tick();
    expect(bot.textsTo(HEAD)).toEqual([`เรื่อง ${doc.number} (ถนน/ทางเท้าชำรุด) เลยกำหนดเสร็จ 16 มี.ค. 2570 แล้ว ผู้รับผิดชอบ: สมชาย ช่างดี`]);
    expect(bot.textsTo(CITIZEN)).toEqual([
      `เรื่อง ${doc.number} ของท่านยังอยู่ระหว่างดำเนินการและเลยกำหนดเดิมแล้ว เจ้าหน้าที่กำลังเร่งดำเนินการ คาดว่าจะแล้วเสร็จภายใน 23 มี.ค. 2570 ขออภัยในความล่าช้า`,
    ]);
    clock.advance(HOUR);
    await tick();
    expect(bot.textsTo(HEAD)).toHaveLength(1);
    expect(bot.textsTo(CITIZEN)).toHaveLength(1);
  });

  it('when several cases of the department pass their due date in one run, then each head gets one message listing them, once', async () => {
    const docs: ComplaintDoc[] = [];
    for (let i = 0; i < 3; i += 1) {
      docs.push(await acceptedCase());
      clock.advance(60_000);
    }
    clock.freeze(new Date('2027-03-16T02:05:00Z'));
    await tick();
    expect(bot.pushesTo(HEAD)).toHaveLength(1);
    expect(bot.textsTo(HEAD)[0].split('\n')).toEqual([
      'มีเรื่องที่ต้องเร่งติดตาม 3 เรื่อง ดังนี้',
      ...docs.map((d) => `• ${d.number} (ถนน/ทางเท้าชำรุด) เลยกำหนดเสร็จ 16 มี.ค. 2570 ผู้รับผิดชอบ: สมชาย ช่างดี`),
    ]);
    expect(bot.textsTo(CITIZEN)).toHaveLength(3);
    clock.advance(HOUR);
    await tick();
    expect(bot.pushesTo(HEAD)).toHaveLength(1);
    expect(bot.textsTo(CITIZEN)).toHaveLength(3);
  });

  it('when the case passes its due date while the officer waits for the citizen, then the citizen is asked for the answer, not told the officers are hurrying', async () => {
    const doc = await acceptedCase();
    await bot.send(events.postback(encodePostback('officers.ask', { c: doc._id.toHexString() }), { userId: A }));
    await bot.send(events.text('หลุมอยู่ฝั่งขาเข้าหรือขาออกครับ', { userId: A }));
    bot.clearCalls();
    clock.freeze(new Date('2027-03-16T02:00:01Z'));
    await tick();
    expect(bot.textsTo(CITIZEN)).toEqual([`เรื่อง ${doc.number} ของท่านเลยกำหนดเดิมแล้ว เจ้าหน้าที่กำลังรอข้อมูลเพิ่มเติมจากท่าน กรุณาตอบคำถามที่เจ้าหน้าที่ส่งไว้ เพื่อดำเนินการต่อ`]);
  });

  it('when a followed case the officer asked about runs late, then the owner gets the holder\'s reason and the request to answer, the follower the reason alone', async () => {
    const doc = await acceptedCase();
    const id = doc._id.toHexString();
    await ComplaintModel.updateOne({ _id: doc._id }, { $push: { followers: FOLLOWER }, $inc: { meTooCount: 1 } });
    await bot.send(events.postback(encodePostback('officers.ask', { c: id }), { userId: A }));
    await bot.send(events.text('หลุมอยู่ฝั่งขาเข้าหรือขาออกครับ', { userId: A }));
    await bot.send(events.postback(encodePostback('officers.delayReason', { c: id }), { userId: A }));
    await bot.send(events.text('รอผู้รับเหมาส่งยางมะตอย', { userId: A }));
    await bot.send(events.postback(flowAnswer('officers.delayReason', 'date', '2027-03-25'), { userId: A }));
    bot.clearCalls();
    clock.freeze(new Date('2027-03-16T03:00:00Z'));
    await tick();
    const explanation = `เรื่อง ${doc.number} ของท่านยังดำเนินการไม่แล้วเสร็จตามกำหนด เนื่องจาก รอผู้รับเหมาส่งยางมะตอย คาดว่าจะแล้วเสร็จภายใน 25 มี.ค. 2570 ขออภัยในความล่าช้า`;
    expect(bot.textsTo(CITIZEN)).toEqual([`${explanation}\nเจ้าหน้าที่กำลังรอข้อมูลเพิ่มเติมจากท่าน กรุณาตอบคำถามที่เจ้าหน้าที่ส่งไว้ เพื่อดำเนินการต่อ`]);
    expect(bot.textsTo(FOLLOWER)).toEqual([explanation]);
  });

  it('when the holder gave a delay reason, then the citizen is told that reason and date when the case runs late', async () => {
    const doc = await acceptedCase();
    const id = doc._id.toHexString();
    await bot.send(events.postback(encodePostback('officers.delayReason', { c: id }), { userId: A }));
    await bot.send(events.text('รอผู้รับเหมาส่งยางมะตอย', { userId: A }));
    await bot.send(events.postback(flowAnswer('officers.delayReason', 'date', '2027-03-25'), { userId: A }));
    expect(bot.textsTo(A).at(-1)).toBe(`บันทึกเหตุล่าช้าของเรื่อง ${doc.number} แล้ว คาดว่าจะแล้วเสร็จ 25 มี.ค. 2570`);
    expect(bot.textsTo(CITIZEN)).toEqual([]);
    clock.freeze(new Date('2027-03-16T03:00:00Z'));
    await tick();
    expect(bot.textsTo(CITIZEN)).toEqual([
      `เรื่อง ${doc.number} ของท่านยังดำเนินการไม่แล้วเสร็จตามกำหนด เนื่องจาก รอผู้รับเหมาส่งยางมะตอย คาดว่าจะแล้วเสร็จภายใน 25 มี.ค. 2570 ขออภัยในความล่าช้า`,
    ]);
  });

  it('when the holder explains a delay after the case is already late, then the citizen hears it at once', async () => {
    const doc = await acceptedCase();
    clock.freeze(new Date('2027-03-17T03:00:00Z'));
    await tick();
    bot.clearCalls();
    await bot.send(events.postback(encodePostback('officers.delayReason', { c: doc._id.toHexString() }), { userId: A }));
    await bot.send(events.text('ฝนตกหนักต่อเนื่อง ลงยางไม่ได้', { userId: A }));
    await bot.send(events.postback(flowAnswer('officers.delayReason', 'date', '2027-03-20'), { userId: A }));
    expect(bot.textsTo(CITIZEN)).toEqual([expect.stringContaining('เนื่องจาก ฝนตกหนักต่อเนื่อง ลงยางไม่ได้ คาดว่าจะแล้วเสร็จภายใน 20 มี.ค. 2570')]);
  });
});
