import { QueueEventModel } from '../../../src/features/queue/queue-event.model';
import { QueueTicketModel } from '../../../src/features/queue/ticket.model';
import { expireOldTickets, markNoShows } from '../../../src/features/queue';
import { clock } from '../../../src/shared/clock';
import { messageText } from '../../support/bot';
import { allText, createOfficer, last, MINUTE, postback, postbackData, queueTools, say, useQueueBot } from './helpers';

const bot = useQueueBot();
const { lastText, ticketOf, runTimers } = queueTools(bot);

const OFFICER = 'U_officer_1';

describe('no-show and rejoin', () => {
  it('when a called ticket is not served within the no-show time, then it is marked no-show and the citizen may rejoin once at the end', async () => {
    const officer = await createOfficer(OFFICER, 'registration', { serviceCode: 'civil-registration', counterNo: 2 });
    for (const c of ['U_c1', 'U_c2', 'U_c3']) {
      await bot.send(postback(c, 'queue.take', { s: 'civil-registration' }));
      clock.advance(MINUTE);
    }
    await bot.send(postback(OFFICER, 'queue.callNext')); // A001 called at 10.03
    clock.advance(9 * MINUTE);
    await runTimers();
    expect((await ticketOf('U_c1')).status).toBe('called');

    clock.advance(MINUTE);
    await runTimers();
    const t1 = await ticketOf('U_c1');
    expect(t1).toMatchObject({ status: 'no_show', active: false });
    const notice = last(bot.pushesTo('U_c1'));
    expect(messageText(notice!)).toBe('บัตรคิว A001 ถูกยกเลิกเพราะไม่มาแสดงตัว');
    expect(allText(notice)).toContain('เจ้าหน้าที่เรียกบัตรคิว A001 (งานทะเบียนราษฎรและบัตรประชาชน) แล้ว แต่ไม่มีผู้มาแสดงตัวภายใน 10 นาที บัตรคิวจึงถูกยกเลิก');
    expect(postbackData(notice)).toEqual([`v=1&a=queue.rejoin&t=${t1._id.toString()}`]);
    expect(await QueueEventModel.findOne({ type: 'no_show' }).lean()).toMatchObject({ label: 'A001', officerId: officer._id.toString(), counterNo: 2, at: new Date('2026-11-23T03:13:00Z') });

    // The job running again changes nothing and pushes nothing more.
    await runTimers();
    expect(bot.pushesTo('U_c1').filter((m) => m.type === 'flex')).toHaveLength(1);
    expect(await QueueEventModel.countDocuments({ type: 'no_show' })).toBe(1);

    // Rejoin: at the end, behind A002 and A003.
    await bot.send(postback('U_c1', 'queue.rejoin', { t: t1._id.toString() }));
    expect(lastText('U_c1')).toBe('บัตรคิว A001 คิวก่อนหน้า 2 คน (ประมาณ 15-25 นาที)');
    // The card shows the place: no "2 ahead" push repeats it.
    expect(await ticketOf('U_c1')).toMatchObject({ status: 'waiting', active: true, rejoinCount: 1, aheadNotified: true });
    expect(bot.pushesTo('U_c1')).toHaveLength(2);
    expect(await QueueEventModel.countDocuments({ type: 'rejoined' })).toBe(1);

    // Called again after A002 and A003, and again no-show: no second rejoin.
    const order: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      await bot.send(postback(OFFICER, 'queue.callNext'));
      const called = await QueueTicketModel.findOne({ status: 'called' }).lean();
      order.push(called!.label);
      if (called!.label !== 'A001') await bot.send(postback(OFFICER, 'queue.served', { t: called!._id.toString() }));
    }
    expect(order).toEqual(['A002', 'A003', 'A001']);
    clock.advance(10 * MINUTE);
    await runTimers();
    const second = last(bot.pushesTo('U_c1'));
    expect(allText(second)).toContain('บัตรคิวนี้ต่อท้ายคิวไปแล้ว 1 ครั้ง หากต้องการรับบริการ กรุณารับบัตรคิวใหม่');
    expect(postbackData(second)).toEqual([]);
    await bot.send(postback('U_c1', 'queue.rejoin', { t: t1._id.toString() }));
    expect(lastText('U_c1')).toBe('ต่อท้ายคิวได้เพียง 1 ครั้งต่อบัตรคิว กรุณารับบัตรคิวใหม่');
  });

  it('when a recall happens, then the no-show time still runs from the first call', async () => {
    await createOfficer(OFFICER, 'registration', { serviceCode: 'civil-registration', counterNo: 1 });
    await bot.send(postback('U_c1', 'queue.take', { s: 'civil-registration' }));
    await bot.send(postback(OFFICER, 'queue.callNext'));
    clock.advance(8 * MINUTE);
    await bot.send(postback(OFFICER, 'queue.recall', { t: (await ticketOf('U_c1'))._id.toString() }));
    clock.advance(2 * MINUTE);
    await runTimers();
    expect((await ticketOf('U_c1')).status).toBe('no_show');
  });

  it('when two instances run the no-show job at once, then each ticket is marked once', async () => {
    await createOfficer('U_o1', 'registration', { serviceCode: 'civil-registration', counterNo: 1 });
    await createOfficer('U_o2', 'registration', { serviceCode: 'civil-registration', counterNo: 2 });
    await bot.send(postback('U_c1', 'queue.take', { s: 'civil-registration' }), postback('U_c2', 'queue.take', { s: 'civil-registration' }));
    await bot.send(postback('U_o1', 'queue.callNext'), postback('U_o2', 'queue.callNext'));
    clock.advance(11 * MINUTE);
    const counts = await Promise.all([markNoShows(clock.now()), markNoShows(clock.now()), markNoShows(clock.now())]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(2);
    expect(await QueueEventModel.countDocuments({ type: 'no_show' })).toBe(2);
    await bot.drain();
    expect(bot.pushesTo('U_c1').filter((m) => m.type === 'flex')).toHaveLength(1);
    expect(bot.pushesTo('U_c2').filter((m) => m.type === 'flex')).toHaveLength(1);
  });
});

describe('the day rolls over at midnight Bangkok time', () => {
  it('when midnight passes in Bangkok, then labels restart at 001 and yesterday\'s waiting tickets expire', async () => {
    const { QueueServiceModel } = await import('../../../src/features/queue/service.model');
    // A late service for this test: open until 23.59 every day.
    await QueueServiceModel.updateOne({ code: 'civil-registration' }, { $set: { hours: [{ days: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'], open: '00:00', close: '23:59' }] } });
    clock.freeze('2026-11-23T16:50:00Z'); // 23.50 Monday in Bangkok (still the 23rd), 16.50 UTC
    await bot.send(postback('U_c1', 'queue.take', { s: 'civil-registration' }));
    await bot.send(postback('U_c2', 'queue.take', { s: 'civil-registration' }));
    expect((await ticketOf('U_c2')).label).toBe('A002');

    clock.freeze('2026-11-23T17:05:00Z'); // 00.05 Tuesday in Bangkok; still the 23rd in UTC
    await bot.send(say('U_c1', 'คิวของฉัน'));
    expect(lastText('U_c1')).toBe('วันนี้ท่านยังไม่มีบัตรคิว');
    await bot.send(postback('U_c3', 'queue.take', { s: 'civil-registration' }));
    expect(await ticketOf('U_c3')).toMatchObject({ label: 'A001', dayKey: '2026-11-24' });
    // Yesterday's ticket does not stop the citizen from taking one today.
    await bot.send(postback('U_c1', 'queue.take', { s: 'civil-registration' }));
    expect(await ticketOf('U_c1')).toMatchObject({ label: 'A002', dayKey: '2026-11-24' });

    await runTimers();
    const old = await QueueTicketModel.find({ dayKey: '2026-11-23' }).lean();
    expect(old.map((t) => [t.label, t.status, t.active])).toEqual([
      ['A001', 'expired', false],
      ['A002', 'expired', false],
    ]);
    expect(await expireOldTickets(clock.now())).toBe(0);

    // An officer calling next gets today's first ticket, never yesterday's.
    await createOfficer(OFFICER, 'registration', { serviceCode: 'civil-registration', counterNo: 1 });
    await bot.send(postback(OFFICER, 'queue.callNext'));
    expect(lastText(OFFICER)).toBe('เรียกบัตรคิว A001 ที่ช่องบริการ 1');
    expect((await ticketOf('U_c3')).status).toBe('called');
  });
});
