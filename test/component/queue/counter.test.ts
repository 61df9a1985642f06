import { OfficerModel } from '../../../src/features/officers/officer.model';
import { QueueEventModel } from '../../../src/features/queue/queue-event.model';
import { QueueTicketModel } from '../../../src/features/queue/ticket.model';
import { dailySummary } from '../../../src/features/queue';
import { saveSettings } from '../../../src/features/municipality/settings';
import { clock } from '../../../src/shared/clock';
import { onDomainEvent, type DomainEvents } from '../../../src/shared/domain-events';
import { messageText } from '../../support/bot';
import { allText, createOfficer, isFlex, MINUTE, MONDAY_10AM, postback, postbackData, queueTools, say, useQueueBot } from './helpers';

const bot = useQueueBot();

const OFFICER = 'U_officer_1';
const { lastReply, lastText, ticketOf, citizensTake } = queueTools(bot);

describe('counter officer', () => {
  it('when an officer sets the counter, then they pick a service of their department, then a counter number', async () => {
    await createOfficer(OFFICER, 'finance');
    await bot.send(say(OFFICER, 'ตั้งช่องบริการ'));
    const pick = lastReply(OFFICER);
    expect(messageText(pick as never)).toBe('เลือกบริการที่ท่านให้บริการ');
    expect(postbackData(pick)).toEqual(['v=1&a=queue.setCounter&s=tax-payment']);
    await bot.send(postback(OFFICER, 'queue.setCounter', { s: 'tax-payment' }));
    expect(postbackData(lastReply(OFFICER))).toEqual([1, 2, 3].map((c) => `v=1&a=queue.setCounter&s=tax-payment&c=${c}`));
    await bot.send(postback(OFFICER, 'queue.setCounter', { s: 'tax-payment', c: '2' }));
    expect(lastText(OFFICER)).toBe('ตั้งช่องบริการแล้ว: ชำระภาษีที่ดินและป้าย ช่องบริการ 2');
    expect((await OfficerModel.findOne({ lineUserId: OFFICER }).lean())?.counter).toEqual({ serviceCode: 'tax-payment', counterNo: 2 });

    // Another department's service, or a counter the service does not have, is refused.
    await bot.send(postback(OFFICER, 'queue.setCounter', { s: 'civil-registration', c: '1' }));
    expect(lastText(OFFICER)).toBe('บัตรคิวหรือบริการนี้เป็นของหน่วยงานอื่น');
    await bot.send(postback(OFFICER, 'queue.setCounter', { s: 'tax-payment', c: '9' }));
    expect(lastText(OFFICER)).toBe('บริการนี้ไม่มีช่องบริการ 9');
  });

  it('when someone who is not an officer types "เรียกคิวถัดไป", then they are refused and nothing is called', async () => {
    await citizensTake('civil-registration', 'U_c1');
    await bot.send(say('U_c2', 'เรียกคิวถัดไป'));
    expect(lastText('U_c2')).toBe('คำสั่งนี้สำหรับเจ้าหน้าที่ที่ลงทะเบียนแล้วเท่านั้น');
    expect((await ticketOf('U_c1')).status).toBe('waiting');
  });

  it('when an officer without a counter calls next, then they are asked to set the counter', async () => {
    await createOfficer(OFFICER, 'registration');
    await bot.send(postback(OFFICER, 'queue.callNext'));
    expect(lastText(OFFICER)).toBe('กรุณาตั้งช่องบริการก่อน โดยพิมพ์ "ตั้งช่องบริการ"');
  });

  it('when the officer calls next, then the oldest ticket is called, the citizen is pushed, and the one N ahead is told once', async () => {
    await createOfficer(OFFICER, 'registration', { serviceCode: 'civil-registration', counterNo: 2 });
    await citizensTake('civil-registration', 'U_c1', 'U_c2', 'U_c3', 'U_c4', 'U_c5');
    expect((await ticketOf('U_c5')).aheadNotified).toBe(false);
    expect((await ticketOf('U_c4')).aheadNotified).toBe(true); // three ahead when taken: the card said so, no push needed
    expect(bot.pushesTo('U_c4')).toEqual([]);

    await bot.send(say(OFFICER, 'เรียกคิวถัดไป'));
    const card = lastReply(OFFICER);
    expect(messageText(card as never)).toBe('เรียกบัตรคิว A001 ที่ช่องบริการ 2');
    const t1 = await ticketOf('U_c1');
    expect(postbackData(card)).toEqual(['served', 'arrived', 'recall', 'skip', 'transfer'].map((a) => `v=1&a=queue.${a}&t=${t1._id.toString()}`));
    expect(allText(card)).toContain('คิวที่รออยู่ | 4 คน');
    expect(t1).toMatchObject({ status: 'called', counterNo: 2, callCount: 1 });
    expect(bot.pushesTo('U_c1').map((m) => messageText(m))).toEqual(['ถึงคิวของท่านแล้ว บัตรคิว A001 เชิญที่ช่องบริการ 2 (งานทะเบียนราษฎรและบัตรประชาชน)']);
    expect(bot.pushesTo('U_c5').map((m) => messageText(m))).toEqual(['อีก 3 คิวจะถึงคิวของท่าน (บัตรคิว A005 งานทะเบียนราษฎรและบัตรประชาชน) กรุณาเตรียมตัวมาที่ช่องบริการ']);

    // Still called: the counter must finish A001 first.
    await bot.send(postback(OFFICER, 'queue.callNext'));
    expect(lastText(OFFICER)).toBe('บัตรคิว A001 ยังอยู่ที่ช่องบริการของท่าน กรุณากด "ให้บริการเสร็จแล้ว" หรือ "ข้ามคิว" ก่อนเรียกคิวถัดไป');

    expect(await ticketOf('U_c5')).toMatchObject({ aheadNotified: true });

    clock.advance(4 * MINUTE);
    await bot.send(postback(OFFICER, 'queue.served', { t: t1._id.toString() }));
    expect(lastText(OFFICER)).toBe('บัตรคิว A001 ให้บริการเสร็จแล้ว');
    await bot.send(postback(OFFICER, 'queue.callNext'));
    expect(lastText(OFFICER)).toBe('เรียกบัตรคิว A002 ที่ช่องบริการ 2');
    // A005 has come closer (two ahead) but was told already: nothing more until it is called.
    expect(bot.pushesTo('U_c5').map((m) => messageText(m))).toEqual(['อีก 3 คิวจะถึงคิวของท่าน (บัตรคิว A005 งานทะเบียนราษฎรและบัตรประชาชน) กรุณาเตรียมตัวมาที่ช่องบริการ']);
    expect(bot.line.callsOf('push').filter((c) => JSON.stringify(c.body).includes('อีก 2 คิว'))).toEqual([]);
  });

  it('when a ticket is served, then queue.ticketServed is emitted and the audit has every step', async () => {
    const served: DomainEvents['queue.ticketServed'][] = [];
    const off = onDomainEvent('queue.ticketServed', (p) => {
      served.push(p);
    });
    const officer = await createOfficer(OFFICER, 'registration', { serviceCode: 'civil-registration', counterNo: 1 });
    await citizensTake('civil-registration', 'U_c1');
    await bot.send(postback(OFFICER, 'queue.callNext'));
    const t1 = await ticketOf('U_c1');
    clock.advance(MINUTE);
    await bot.send(postback(OFFICER, 'queue.recall', { t: t1._id.toString() }));
    expect(lastText(OFFICER)).toBe('เรียกบัตรคิว A001 ที่ช่องบริการ 1');
    expect(bot.pushesTo('U_c1').map((m) => messageText(m))).toEqual([
      'ถึงคิวของท่านแล้ว บัตรคิว A001 เชิญที่ช่องบริการ 1 (งานทะเบียนราษฎรและบัตรประชาชน)',
      'ถึงคิวของท่านแล้ว บัตรคิว A001 เชิญที่ช่องบริการ 1 (งานทะเบียนราษฎรและบัตรประชาชน)',
    ]);
    clock.advance(5 * MINUTE);
    await bot.send(postback(OFFICER, 'queue.served', { t: t1._id.toString() }));
    off();
    expect(served).toEqual([
      expect.objectContaining({ ticketId: t1._id.toString(), label: 'A001', serviceCode: 'civil-registration', departmentCode: 'registration', counterNo: 1, citizenId: 'U_c1', officerId: officer._id.toString() }),
    ]);
    const audit = await QueueEventModel.find({ ticketId: t1._id.toString() }).sort({ at: 1 }).lean();
    expect(audit.map((e) => [e.type, e.officerId, e.counterNo, e.at.toISOString()])).toEqual([
      ['taken', undefined, undefined, MONDAY_10AM.replace('Z', '.000Z')],
      ['called', officer._id.toString(), 1, '2026-11-23T03:01:00.000Z'],
      ['recalled', officer._id.toString(), 1, '2026-11-23T03:02:00.000Z'],
      ['served', officer._id.toString(), 1, '2026-11-23T03:07:00.000Z'],
    ]);
    expect(await ticketOf('U_c1')).toMatchObject({ status: 'served', active: false, callCount: 2 });
    // Pressing served again only confirms.
    await bot.send(postback(OFFICER, 'queue.served', { t: t1._id.toString() }));
    expect(lastText(OFFICER)).toBe('บัตรคิว A001 ให้บริการเสร็จแล้ว');
    expect(await QueueEventModel.countDocuments({ type: 'served' })).toBe(1);
  });

  it('when the officer transfers a ticket, then it joins the other service keeping its original time', async () => {
    const officer = await createOfficer(OFFICER, 'registration', { serviceCode: 'civil-registration', counterNo: 1 });
    await citizensTake('civil-registration', 'U_c1');
    await citizensTake('tax-payment', 'U_c2', 'U_c3');
    await bot.send(postback(OFFICER, 'queue.callNext'));
    const t1 = await ticketOf('U_c1');
    await bot.send(postback(OFFICER, 'queue.transfer', { t: t1._id.toString() }));
    expect(postbackData(lastReply(OFFICER))).toEqual(['tax-payment', 'building-permit', 'welfare-allowance'].map((s) => `v=1&a=queue.transfer&t=${t1._id.toString()}&to=${s}`));
    await bot.send(postback(OFFICER, 'queue.transfer', { t: t1._id.toString(), to: 'tax-payment' }));
    expect(lastText(OFFICER)).toBe('ย้ายบัตรคิว A001 ไปที่ ชำระภาษีที่ดินและป้าย แล้ว เป็นบัตรคิว B003');

    const moved = await QueueTicketModel.findOne({ serviceCode: 'tax-payment', citizenId: 'U_c1' }).lean();
    expect(moved).toMatchObject({ label: 'B003', status: 'waiting', channel: 'transfer', transferredFrom: { label: 'A001', serviceCode: 'civil-registration' } });
    expect(moved!.queuedAt.toISOString()).toBe(t1.queuedAt.toISOString());
    expect(await QueueTicketModel.findById(t1._id).lean()).toMatchObject({ status: 'transferred', active: false, transferredTo: { label: 'B003' } });
    expect(bot.pushesTo('U_c1').map((m) => messageText(m))).toEqual([
      'ถึงคิวของท่านแล้ว บัตรคิว A001 เชิญที่ช่องบริการ 1 (งานทะเบียนราษฎรและบัตรประชาชน)',
      'บัตรคิว A001 ย้ายไปที่ ชำระภาษีที่ดินและป้าย เป็นบัตรคิว B003 โดยคงลำดับตามเวลาที่รับบัตรเดิม',
      'ท่านเป็นคิวถัดไป (บัตรคิว B003 ชำระภาษีที่ดินและป้าย) กรุณามาที่ช่องบริการ',
    ]);
    expect(await QueueEventModel.findOne({ type: 'transferred' }).lean()).toMatchObject({ label: 'A001', toServiceCode: 'tax-payment', officerId: officer._id.toString(), counterNo: 1 });

    // In the tax queue, B003 (taken first, at 10.00) is ahead of B001 and B002.
    await bot.send(say('U_c1', 'คิวของฉัน'));
    expect(lastText('U_c1')).toBe('บัตรคิว B003 คิวก่อนหน้า 0 คน (ใกล้ถึงคิวแล้ว)');
    await createOfficer('U_officer_tax', 'finance', { serviceCode: 'tax-payment', counterNo: 1 });
    await bot.send(postback('U_officer_tax', 'queue.callNext'));
    expect(lastText('U_officer_tax')).toBe('เรียกบัตรคิว B003 ที่ช่องบริการ 1');
  });

  it('when an officer issues a walk-in ticket, then it shares the numbering and order and the reply is a printable label', async () => {
    await createOfficer(OFFICER, 'registration', { serviceCode: 'civil-registration', counterNo: 1 });
    await citizensTake('civil-registration', 'U_c1');
    await bot.send(say(OFFICER, 'ออกบัตรคิว'));
    expect(lastText(OFFICER)).toBe(
      'เทศบาลตำบลบ้านสุขใจ\nงานทะเบียนราษฎรและบัตรประชาชน\n━━━━━━━━━━\nบัตรคิว A002\n━━━━━━━━━━\nคิวก่อนหน้า 1 คน\nเวลารอ: ประมาณ 5-15 นาที\nช่องบริการ 1, 2\n23 พ.ย. 2569 10.01 น.\nบริการตามลำดับก่อนหลัง ไม่มีค่าใช้จ่ายเพิ่มเติม',
    );
    clock.advance(MINUTE);
    await citizensTake('civil-registration', 'U_c3');
    expect((await ticketOf('U_c3')).label).toBe('A003');
    const walkIn = await QueueTicketModel.findOne({ label: 'A002' }).lean();
    expect(walkIn).toMatchObject({ channel: 'walk_in', status: 'waiting' });
    expect(walkIn?.citizenId).toBeUndefined();
    const labels: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      await bot.send(postback(OFFICER, 'queue.callNext'));
      const called = await QueueTicketModel.findOne({ status: 'called' }).lean();
      labels.push(called!.label);
      await bot.send(postback(OFFICER, 'queue.served', { t: called!._id.toString() }));
    }
    expect(labels).toEqual(['A001', 'A002', 'A003']);
    await bot.send(postback(OFFICER, 'queue.callNext'));
    expect(lastText(OFFICER)).toBe('ขณะนี้ไม่มีคิวรอ (งานทะเบียนราษฎรและบัตรประชาชน)');
  });

  it('when an officer asks for the queue summary, then served, skipped, no-shows and averages show', async () => {
    await createOfficer(OFFICER, 'registration', { serviceCode: 'civil-registration', counterNo: 1 });
    await citizensTake('civil-registration', 'U_c1', 'U_c2', 'U_c3'); // taken 10.00, 10.01, 10.02
    for (const minutes of [4, 8]) {
      await bot.send(postback(OFFICER, 'queue.callNext'));
      clock.advance(minutes * MINUTE);
      const called = await QueueTicketModel.findOne({ status: 'called' }).lean();
      await bot.send(postback(OFFICER, 'queue.served', { t: called!._id.toString() }));
    }
    // A001 called 10.03 (waited 3), served 10.07; A002 called 10.07 (waited 6), served 10.15.
    const summary = await dailySummary('civil-registration', new Date(MONDAY_10AM));
    expect(summary).toEqual({
      serviceCode: 'civil-registration',
      dayKey: '2026-11-23',
      issued: 3,
      walkIns: 0,
      served: 2,
      skipped: 0,
      noShows: 0,
      cancelled: 0,
      transferred: 0,
      transfersOut: [],
      transfersIn: [],
      waiting: 1,
      averageWaitMinutes: 4.5,
      averageServiceMinutes: 6,
    });
    await bot.send(say(OFFICER, 'สรุปคิววันนี้'));
    const reply = lastReply(OFFICER);
    expect(isFlex(reply) && reply.altText).toBe('สรุปคิววันที่ 23 พ.ย. 2569');
    const all = allText(reply);
    expect(all).toContain('ให้บริการแล้ว | 2');
    expect(all).toContain('เวลารอเฉลี่ย | 4.5 นาที');
    expect(all).toContain('เวลาบริการเฉลี่ย | 6 นาที');
  });

  it('when a queue has measured service times, then the estimate uses them instead of the configured minutes', async () => {
    await saveSettings({ queue: { notifyWhenAhead: 1 } });
    await createOfficer(OFFICER, 'registration', { serviceCode: 'civil-registration', counterNo: 1 });
    await citizensTake('civil-registration', 'U_1', 'U_2', 'U_3', 'U_4', 'U_5', 'U_6', 'U_7', 'U_8');
    for (let i = 0; i < 3; i += 1) {
      await bot.send(postback(OFFICER, 'queue.callNext'));
      clock.advance(20 * MINUTE);
      const called = await QueueTicketModel.findOne({ status: 'called' }).lean();
      await bot.send(postback(OFFICER, 'queue.served', { t: called!._id.toString() }));
    }
    // 20 minutes each, 4 ahead of U_8, one counter: 80 minutes -> 60-100.
    await bot.send(say('U_8', 'คิวของฉัน'));
    expect(lastText('U_8')).toBe('บัตรคิว A008 คิวก่อนหน้า 4 คน (ประมาณ 60-100 นาที)');
  });
});
