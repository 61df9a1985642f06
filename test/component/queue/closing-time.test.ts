import { issueWalkInTicket, takeQueueTicket } from '../../../src/features/queue';
import { QueueEventModel } from '../../../src/features/queue/queue-event.model';
import { QueueServiceModel } from '../../../src/features/queue/service.model';
import { QueueTicketModel } from '../../../src/features/queue/ticket.model';
import { clock } from '../../../src/shared/clock';
import { messageText } from '../../support/bot';
import { allText, createOfficer, last, postback, postbackData, queueTools, say, useQueueBot } from './helpers';

const bot = useQueueBot();
const { lastText, ticketOf, runTimers } = queueTools(bot);

const OFFICER = 'U_officer_1';
/** Monday 23 Nov 2026 at a Bangkok wall time ("16:29"). */
const monday = (hhmm: string) => new Date(`2026-11-23T${hhmm}:00+07:00`);


describe('near closing: no ticket that cannot be served today', () => {
  it('when the queue at 16.29 would run past closing, then no ticket is given, with the reason and the next opening; an empty queue still gives one', async () => {
    clock.freeze(monday('16:20'));
    await takeQueueTicket({ citizenId: 'U_early', serviceCode: 'civil-registration' });
    clock.freeze(monday('16:29'));
    await bot.send(postback('U_c1', 'queue.take', { s: 'civil-registration' }));
    expect(lastText('U_c1')).toBe(
      'วันนี้ งานทะเบียนราษฎรและบัตรประชาชน งดรับบัตรคิวเพิ่มแล้ว เพราะคิวที่รออยู่จะให้บริการได้ไม่ทันก่อนหมดเวลาให้บริการ\nเปิดอีกครั้ง 24 พ.ย. 2569 08.30 น.\nเวลาให้บริการ:\n- จันทร์-ศุกร์ 08.30-16.30 น. (เปิดบริการช่วงพักเที่ยง)',
    );
    expect(await QueueTicketModel.countDocuments({ citizenId: 'U_c1' })).toBe(0);
    // The picker says so before anyone taps.
    await bot.send(say('U_c1', 'รับบัตรคิว'));
    expect(allText(last(bot.repliesTo('U_c1')))).toMatch(/งานทะเบียนราษฎรและบัตรประชาชน \| [^|]+ \| วันนี้งดรับบัตรคิวเพิ่มแล้ว เปิดรับอีกครั้ง 24 พ.ย. 2569 08.30 น./);
    // Nobody waits for tax payment: the next person is called at once, so a ticket is still given.
    await bot.send(postback('U_c1', 'queue.take', { s: 'tax-payment' }));
    expect(lastText('U_c1')).toBe('บัตรคิว B001 คิวก่อนหน้า 0 คน (ใกล้ถึงคิวแล้ว)');
  });

  it('when a service sets its last-ticket time, then tickets stop then, walk-ins too, whatever the queue', async () => {
    await QueueServiceModel.updateOne({ code: 'tax-payment' }, { $set: { lastTicketAt: '15:30' } });
    await createOfficer(OFFICER, 'finance', { serviceCode: 'tax-payment', counterNo: 1 });
    clock.freeze(monday('15:29'));
    await bot.send(postback('U_c1', 'queue.take', { s: 'tax-payment' }));
    expect(lastText('U_c1')).toBe('บัตรคิว B001 คิวก่อนหน้า 0 คน (ใกล้ถึงคิวแล้ว)');
    clock.freeze(monday('15:30'));
    await bot.send(postback('U_c2', 'queue.take', { s: 'tax-payment' }));
    expect(lastText('U_c2')).toMatch(/^ชำระภาษีที่ดินและป้าย รับบัตรคิวถึงเวลา 15\.30 น\. ของทุกวันทำการ วันนี้จึงงดรับบัตรคิวเพิ่มแล้ว\nเปิดอีกครั้ง 24 พ.ย. 2569 08.30 น./);
    await bot.send(say(OFFICER, 'ออกบัตรคิว'));
    expect(lastText(OFFICER)).toBe('วันนี้บริการนี้งดรับบัตรคิวเพิ่มแล้ว เพราะจะให้บริการได้ไม่ทันก่อนหมดเวลาให้บริการ');
    await expect(issueWalkInTicket({ officerLineUserId: OFFICER, serviceCode: 'tax-payment' })).rejects.toMatchObject({ messageKey: 'queue.take.tooLateShort' });
    expect(await QueueTicketModel.countDocuments({})).toBe(1);
  });
});

describe('after closing', () => {
  it('when a citizen looks at a waiting ticket at 20.00, then it says the counters serve the rest while time allows, not a wait', async () => {
    clock.freeze(monday('15:00'));
    for (const c of ['U_c1', 'U_c2', 'U_c3']) await takeQueueTicket({ citizenId: c, serviceCode: 'civil-registration' });
    clock.freeze(monday('20:00'));
    await bot.send(say('U_c3', 'คิวของฉัน'));
    expect(lastText('U_c3')).toBe('บัตรคิว A003 คิวก่อนหน้า 2 คน (หมดเวลาให้บริการของวันนี้แล้ว เจ้าหน้าที่จะให้บริการต่อเท่าที่เวลาเอื้ออำนวย)');
  });

  it('when a ticket called at 16.25 lapses at 16.35, then the notice offers no rejoin and says when to come; an old rejoin button gets its own answer', async () => {
    await createOfficer(OFFICER, 'registration', { serviceCode: 'civil-registration', counterNo: 1 });
    clock.freeze(monday('16:20'));
    await bot.send(postback('U_c1', 'queue.take', { s: 'civil-registration' }));
    clock.freeze(monday('16:25'));
    await bot.send(postback(OFFICER, 'queue.callNext'));
    clock.freeze(monday('16:35'));
    await runTimers();
    const t1 = await ticketOf('U_c1');
    expect(t1.status).toBe('no_show');
    const notice = last(bot.pushesTo('U_c1'));
    expect(postbackData(notice)).toEqual([]);
    expect(allText(notice)).toContain('ขณะนี้หมดเวลาให้บริการของวันนี้แล้ว จึงต่อท้ายคิวไม่ได้ หากยังต้องการรับบริการ กรุณารับบัตรคิวใหม่เมื่อเปิดทำการ 24 พ.ย. 2569 08.30 น.');

    await bot.send(postback('U_c1', 'queue.rejoin', { t: t1._id.toString() }));
    expect(lastText('U_c1')).toBe(
      'งานทะเบียนราษฎรและบัตรประชาชน หมดเวลาให้บริการของวันนี้แล้ว จึงต่อท้ายคิวไม่ได้ หากยังต้องการรับบริการ กรุณารับบัตรคิวใหม่ในวันทำการถัดไป\nเปิดอีกครั้ง 24 พ.ย. 2569 08.30 น.',
    );
    expect((await ticketOf('U_c1')).status).toBe('no_show');
  });

  it('when a ticket lapses during the lunch break, then the counters still serve today and the rejoin works', async () => {
    await createOfficer(OFFICER, 'finance', { serviceCode: 'tax-payment', counterNo: 1 });
    clock.freeze(monday('11:50'));
    await bot.send(postback('U_c1', 'queue.take', { s: 'tax-payment' }), postback('U_c2', 'queue.take', { s: 'tax-payment' }));
    clock.freeze(monday('11:55'));
    await bot.send(postback(OFFICER, 'queue.callNext'));
    clock.freeze(monday('12:05'));
    await runTimers();
    const t1 = await ticketOf('U_c1');
    expect(postbackData(last(bot.pushesTo('U_c1')))).toEqual([`v=1&a=queue.rejoin&t=${t1._id.toString()}`]);
    clock.freeze(monday('12:10'));
    await bot.send(postback('U_c1', 'queue.rejoin', { t: t1._id.toString() }));
    expect(await ticketOf('U_c1')).toMatchObject({ status: 'waiting', rejoinCount: 1 });
  });
});

describe('at the end of the day', () => {
  it('when midnight passes with tickets still waiting, then they lapse, each LINE holder is told in the morning, and the audit records it', async () => {
    await createOfficer(OFFICER, 'registration', { serviceCode: 'civil-registration', counterNo: 1 });
    clock.freeze(monday('16:00'));
    await takeQueueTicket({ citizenId: 'U_c1', serviceCode: 'civil-registration' });
    await issueWalkInTicket({ officerLineUserId: OFFICER, serviceCode: 'civil-registration' });
    await bot.drain();
    bot.clearCalls();

    clock.freeze(new Date('2026-11-24T00:00:30+07:00'));
    await runTimers();
    expect(await QueueTicketModel.find({}).sort({ seq: 1 }).lean()).toEqual([expect.objectContaining({ label: 'A001', status: 'expired' }), expect.objectContaining({ label: 'A002', status: 'expired' })]);
    expect((await QueueEventModel.find({ type: 'expired' }).sort({ label: 1 }).lean()).map((e) => e.label)).toEqual(['A001', 'A002']);
    expect(bot.pushesTo('U_c1')).toEqual([]);

    clock.freeze(new Date('2026-11-24T07:00:00+07:00'));
    await bot.drain();
    expect(bot.pushesTo('U_c1').map((m) => messageText(m))).toEqual([
      'บัตรคิว A001 (งานทะเบียนราษฎรและบัตรประชาชน) ของวันที่ 23 พ.ย. 2569 หมดอายุแล้ว เพราะสิ้นสุดวันให้บริการก่อนถึงคิวของท่าน ขออภัยในความไม่สะดวก หากยังต้องการรับบริการ กรุณารับบัตรคิวใหม่\nเปิดอีกครั้ง 24 พ.ย. 2569 08.30 น.',
    ]);
    expect(bot.pushesTo(OFFICER)).toEqual([]);
  });
});
