import { QueueEventModel } from '../../../src/features/queue/queue-event.model';
import { QueueTicketModel } from '../../../src/features/queue/ticket.model';
import { clock } from '../../../src/shared/clock';
import { messageText } from '../../support/bot';
import { createOfficer, last, MINUTE, postback, postbackData, queueTools, say, useQueueBot } from './helpers';

const bot = useQueueBot();
const { lastText, runTimers } = queueTools(bot);

const OFFICER = 'U_officer_1';
const walkInTicket = async () => (await QueueTicketModel.findOne({ channel: 'walk_in' }).lean())!;


describe('walk-in tickets', () => {
  it('when an officer issues a walk-in ticket, then the audit records who issued it, at which counter and when', async () => {
    const officer = await createOfficer(OFFICER, 'registration', { serviceCode: 'civil-registration', counterNo: 2 });
    await bot.send(say(OFFICER, 'ออกบัตรคิว'));
    const ticket = await walkInTicket();
    expect(await QueueEventModel.find({ ticketId: ticket._id.toString() }).lean()).toEqual([
      expect.objectContaining({ type: 'walk_in', label: 'A001', serviceCode: 'civil-registration', officerId: officer._id.toString(), counterNo: 2, at: new Date('2026-11-23T03:00:00Z') }),
    ]);
  });

  it('when a called walk-in does not come, then the officer who called it is told and may put it back at the end once', async () => {
    const officer = await createOfficer(OFFICER, 'registration', { serviceCode: 'civil-registration', counterNo: 1 });
    await bot.send(say(OFFICER, 'ออกบัตรคิว'));
    await bot.send(postback('U_c1', 'queue.take', { s: 'civil-registration' }));
    await bot.send(postback(OFFICER, 'queue.callNext'));
    const ticket = await walkInTicket();
    const id = ticket._id.toString();
    clock.advance(10 * MINUTE);
    await runTimers();

    const told = last(bot.pushesTo(OFFICER));
    expect(messageText(told!)).toBe('บัตรคิว A001 (งานทะเบียนราษฎรและบัตรประชาชน) ที่ออกให้ที่ช่องบริการ เรียกแล้วไม่มาแสดงตัวภายใน 10 นาที จึงถูกยกเลิก หากผู้ถือบัตรมาภายหลัง ท่านต่อท้ายคิวให้ได้ 1 ครั้ง');
    expect(postbackData(told)).toEqual([`v=1&a=queue.rejoinWalkIn&t=${id}`, 'v=1&a=queue.callNext']);

    // Another department's officer cannot put it back.
    await createOfficer('U_officer_tax', 'finance', { serviceCode: 'tax-payment', counterNo: 1 });
    await bot.send(postback('U_officer_tax', 'queue.rejoinWalkIn', { t: id }));
    expect(lastText('U_officer_tax')).toBe('บัตรคิวหรือบริการนี้เป็นของหน่วยงานอื่น');

    await bot.send(postback(OFFICER, 'queue.rejoinWalkIn', { t: id }));
    expect(lastText(OFFICER)).toBe('บัตรคิว A001 ต่อท้ายคิวแล้ว คิวก่อนหน้า 1 คน');
    expect(await walkInTicket()).toMatchObject({ status: 'waiting', rejoinCount: 1 });
    expect(await QueueEventModel.findOne({ type: 'rejoined' }).lean()).toMatchObject({ label: 'A001', officerId: officer._id.toString(), counterNo: 1 });

    // Called again after A002, and lapsing again: the officer is told, with no second rejoin.
    await bot.send(postback(OFFICER, 'queue.callNext'));
    await bot.send(postback(OFFICER, 'queue.served', { t: (await QueueTicketModel.findOne({ label: 'A002' }).lean())!._id.toString() }));
    await bot.send(postback(OFFICER, 'queue.callNext'));
    clock.advance(10 * MINUTE);
    await runTimers();
    const final = last(bot.pushesTo(OFFICER));
    expect(messageText(final!)).toBe('บัตรคิว A001 (งานทะเบียนราษฎรและบัตรประชาชน) ที่ออกให้ที่ช่องบริการ เรียกแล้วไม่มาแสดงตัวภายใน 10 นาที จึงถูกยกเลิก');
    expect(postbackData(final)).toEqual(['v=1&a=queue.callNext']);
    await bot.send(postback(OFFICER, 'queue.rejoinWalkIn', { t: id }));
    expect(lastText(OFFICER)).toBe('ต่อท้ายคิวได้เพียง 1 ครั้งต่อบัตรคิว กรุณารับบัตรคิวใหม่');
    expect((await walkInTicket()).status).toBe('no_show');
  });
});
