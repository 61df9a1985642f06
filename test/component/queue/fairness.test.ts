import { callNext, takeQueueTicket } from '../../../src/features/queue';
import { QueueEventModel } from '../../../src/features/queue/queue-event.model';
import { QueueServiceModel } from '../../../src/features/queue/service.model';
import { QueueTicketModel } from '../../../src/features/queue/ticket.model';
import { clock } from '../../../src/shared/clock';
import { messageText } from '../../support/bot';
import { createOfficer, last, MINUTE, postback, postbackData, queueTools, say, useQueueBot } from './helpers';

const bot = useQueueBot();

const OFFICER = 'U_officer_1';
const { lastText, ticketOf, runTimers } = queueTools(bot);

describe('call order follows the labels', () => {
  it('when a request that started earlier is numbered after a later one, then the lower label is still called first', async () => {
    await createOfficer(OFFICER, 'finance', { serviceCode: 'tax-payment', counterNo: 1 });
    const start = clock.now().getTime();
    // U_slow's event arrived first, but a slow profile fetch let U_fast be numbered first.
    const fast = await takeQueueTicket({ citizenId: 'U_fast', serviceCode: 'tax-payment', now: new Date(start + 3000) });
    const slow = await takeQueueTicket({ citizenId: 'U_slow', serviceCode: 'tax-payment', now: new Date(start) });
    expect([fast.ticket.label, slow.ticket.label]).toEqual(['B001', 'B002']);
    const first = await callNext({ officerLineUserId: OFFICER });
    expect(first.ticket?.label).toBe('B001');
  });
});

describe('one called ticket per counter', () => {
  // One user's events run one after another, but two officers' do not: two LINE accounts on the
  // same counter (a shift change) pressing "call next" together must not call two people there.
  it('when two officers on the same counter call next at the same moment, then only one citizen is called to it', async () => {
    await createOfficer(OFFICER, 'finance', { serviceCode: 'tax-payment', counterNo: 1 });
    await createOfficer('U_officer_2', 'finance', { serviceCode: 'tax-payment', counterNo: 1 });
    for (const c of ['U_c1', 'U_c2', 'U_c3']) await takeQueueTicket({ citizenId: c, serviceCode: 'tax-payment' });
    const results = await Promise.allSettled([callNext({ officerLineUserId: OFFICER }), callNext({ officerLineUserId: 'U_officer_2' }), callNext({ officerLineUserId: OFFICER })]);
    const called = await QueueTicketModel.find({ status: 'called' }).lean();
    expect(called.map((t) => t.label)).toEqual(['B001']);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ messageKey: 'queue.counter.stillCalled', params: { label: 'B001' } });
    expect(await QueueEventModel.countDocuments({ type: 'called' })).toBe(1);
  });
});

describe('a citizen at the counter is never a no-show', () => {
  it('when the officer marks the citizen arrived and the service takes longer than the no-show time, then the ticket stays called and can be served', async () => {
    await createOfficer(OFFICER, 'registration', { serviceCode: 'civil-registration', counterNo: 1 });
    await bot.send(postback('U_c1', 'queue.take', { s: 'civil-registration' }));
    await bot.send(postback(OFFICER, 'queue.callNext'));
    const t1 = await ticketOf('U_c1');
    expect(postbackData(last(bot.repliesTo(OFFICER)))).toContain(`v=1&a=queue.arrived&t=${t1._id.toString()}`);
    clock.advance(2 * MINUTE);
    await bot.send(postback(OFFICER, 'queue.arrived', { t: t1._id.toString() }));
    expect(lastText(OFFICER)).toBe('บันทึกแล้ว: ผู้ถือบัตรคิว A001 มาถึงช่องบริการแล้ว บัตรคิวนี้จะไม่ถูกยกเลิกเพราะไม่มาแสดงตัว เมื่อให้บริการเสร็จ กรุณากด "ให้บริการเสร็จแล้ว"');
    expect(postbackData(last(bot.repliesTo(OFFICER)))).toEqual([`v=1&a=queue.served&t=${t1._id.toString()}`]);

    clock.advance(15 * MINUTE);
    await runTimers();
    expect((await ticketOf('U_c1')).status).toBe('called');
    expect(bot.pushesTo('U_c1').filter((m) => m.type === 'flex')).toHaveLength(0);

    await bot.send(postback(OFFICER, 'queue.served', { t: t1._id.toString() }));
    expect(await ticketOf('U_c1')).toMatchObject({ status: 'served', arrivedAt: new Date('2026-11-23T03:02:00Z') });
    expect(await QueueEventModel.findOne({ type: 'arrived' }).lean()).toMatchObject({ label: 'A001', counterNo: 1, at: new Date('2026-11-23T03:02:00Z') });
  });

  it('when an officer of another department taps "arrived", then it is refused and nothing changes', async () => {
    await createOfficer(OFFICER, 'registration', { serviceCode: 'civil-registration', counterNo: 1 });
    await createOfficer('U_officer_tax', 'finance', { serviceCode: 'tax-payment', counterNo: 1 });
    await bot.send(postback('U_c1', 'queue.take', { s: 'civil-registration' }));
    await bot.send(postback(OFFICER, 'queue.callNext'));
    const t1 = await ticketOf('U_c1');
    for (const action of ['queue.arrived', 'queue.served', 'queue.recall', 'queue.skip']) {
      await bot.send(postback('U_officer_tax', action, { t: t1._id.toString() }));
      expect(lastText('U_officer_tax')).toBe('บัตรคิวหรือบริการนี้เป็นของหน่วยงานอื่น');
    }
    expect(await ticketOf('U_c1')).toMatchObject({ status: 'called', callCount: 1, counterNo: 1 });
    expect((await ticketOf('U_c1')).arrivedAt).toBeUndefined();
  });
});

describe('officer replies name the service', () => {
  it('when a transfer button is tapped again, then the confirmation names the service, not its code', async () => {
    await createOfficer(OFFICER, 'registration', { serviceCode: 'civil-registration', counterNo: 1 });
    await bot.send(postback('U_c1', 'queue.take', { s: 'civil-registration' }));
    const t1 = await ticketOf('U_c1');
    await bot.send(postback(OFFICER, 'queue.transfer', { t: t1._id.toString(), to: 'tax-payment' }));
    const first = lastText(OFFICER);
    await bot.send(postback(OFFICER, 'queue.transfer', { t: t1._id.toString(), to: 'tax-payment' }));
    expect(lastText(OFFICER)).toBe(first);
    expect(first).toBe('ย้ายบัตรคิว A001 ไปที่ ชำระภาษีที่ดินและป้าย แล้ว เป็นบัตรคิว B001');
  });
});

describe('typing a label', () => {
  it('when another service shares the prefix today, then the citizen still finds their own ticket', async () => {
    await bot.send(postback('U_c1', 'queue.take', { s: 'civil-registration' }));
    // The admin moved prefix A to another service during the day (the old one keeps its tickets).
    await QueueServiceModel.updateOne({ code: 'tax-payment' }, { $set: { prefix: 'A' } });
    clock.advance(MINUTE);
    await takeQueueTicket({ citizenId: 'U_other', serviceCode: 'tax-payment' });
    await bot.send(say('U_c1', 'a001'));
    expect(messageText(last(bot.repliesTo('U_c1'))!)).toBe('บัตรคิว A001 คิวก่อนหน้า 0 คน (ใกล้ถึงคิวแล้ว)');
    await bot.send(say('U_other', 'A001'));
    expect(messageText(last(bot.repliesTo('U_other'))!)).toBe('บัตรคิว A001 คิวก่อนหน้า 0 คน (ใกล้ถึงคิวแล้ว)');
    await bot.send(say('U_nobody', 'A001'));
    expect(lastText('U_nobody')).toBe('ไม่พบบัตรคิว A001 ของท่านในวันนี้ หากเป็นบัตรคิวของท่าน กรุณากด "คิวของฉัน"');
  });
});
