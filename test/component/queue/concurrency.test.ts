import { callNext, markServed, takeQueueTicket } from '../../../src/features/queue';
import { QueueServiceModel } from '../../../src/features/queue/service.model';
import { QueueTicketModel } from '../../../src/features/queue/ticket.model';
import { clock } from '../../../src/shared/clock';
import { messageText } from '../../support/bot';
import { createOfficer, postback, useQueueBot } from './helpers';

const bot = useQueueBot();

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const label = (prefix: string, n: number) => `${prefix}${String(n).padStart(3, '0')}`;

describe('concurrency and fairness', () => {
  // The heavy tests below get more time than the default: the machine running them is shared.
  it('when 100 citizens ask for a ticket at the same moment, then they get 100 distinct consecutive labels, and each is told "N ahead" once when their turn approaches', async () => {
    const results = await Promise.all(range(100).map((i) => takeQueueTicket({ citizenId: `U_c${i}`, serviceCode: 'tax-payment' })));
    const labels = results.map((r) => r.ticket.label).sort();
    expect(labels).toEqual(range(100).map((n) => label('B', n)));
    expect(results.every((r) => r.created)).toBe(true);
    expect(await QueueTicketModel.countDocuments({ serviceCode: 'tax-payment', status: 'waiting' })).toBe(100);
    await bot.drain();
    // Only the first four (three or fewer ahead) have been told; nobody else yet.
    const told = await QueueTicketModel.find({ aheadNotified: true }).sort({ seq: 1 }).lean();
    expect(told.map((t) => t.label)).toEqual(['B001', 'B002', 'B003', 'B004']);

    // A counter then serves the queue one by one: each citizen crosses "three ahead" once and is told then, once.
    await createOfficer('U_officer_1', 'finance', { serviceCode: 'tax-payment', counterNo: 1 });
    for (let i = 0; i < 100; i += 1) {
      const { ticket } = await callNext({ officerLineUserId: 'U_officer_1' });
      await markServed({ officerLineUserId: 'U_officer_1', ticketId: ticket!._id.toString() });
    }
    await bot.drain();
    const citizenOf = new Map(results.map((r) => [r.ticket.label, r.ticket.citizenId as string]));
    const aheadPushes = (l: string) => bot.pushesTo(citizenOf.get(l)!).map((m) => messageText(m)).filter((t) => !t.startsWith('ถึงคิวของท่านแล้ว'));
    // B001-B004 saw their place when they took the ticket (or, when it was not yet certain, got a push).
    for (const n of range(4)) expect(aheadPushes(label('B', n)).length).toBeLessThanOrEqual(1);
    for (const n of range(100).slice(4)) expect(aheadPushes(label('B', n))).toEqual([`อีก 3 คิวจะถึงคิวของท่าน (บัตรคิว ${label('B', n)} ชำระภาษีที่ดินและป้าย) กรุณาเตรียมตัวมาที่ช่องบริการ`]);
    expect(await QueueTicketModel.countDocuments({ status: 'served' })).toBe(100);
  }, 240_000);

  it('when 30 citizens ask in one signed webhook delivery, then each gets one ticket, numbered without gaps', async () => {
    await bot.send(...range(30).map((i) => postback(`U_w${i}`, 'queue.take', { s: 'civil-registration' })));
    const tickets = await QueueTicketModel.find({ serviceCode: 'civil-registration' }).lean();
    expect(tickets.map((t) => t.label).sort()).toEqual(range(30).map((n) => label('A', n)));
    expect(new Set(tickets.map((t) => t.citizenId)).size).toBe(30);
    for (const i of [1, 17, 30]) expect(bot.repliesTo(`U_w${i}`)).toHaveLength(1);
  }, 120_000);

  it('when one citizen asks many times at once, then they hold exactly one active ticket', async () => {
    const results = await Promise.all(range(10).map(() => takeQueueTicket({ citizenId: 'U_same', serviceCode: 'tax-payment' })));
    expect(new Set(results.map((r) => r.ticket._id.toString())).size).toBe(1);
    expect(await QueueTicketModel.countDocuments({ citizenId: 'U_same', active: true })).toBe(1);
  });

  it('when a webhook event is retried after its ticket was made, then the same ticket comes back', async () => {
    const first = await takeQueueTicket({ citizenId: 'U_r', serviceCode: 'tax-payment', sourceEventId: 'EV1' });
    const retry = await takeQueueTicket({ citizenId: 'U_r', serviceCode: 'tax-payment', sourceEventId: 'EV1' });
    expect(first.created).toBe(true);
    expect(retry).toMatchObject({ created: false });
    expect(retry.ticket._id.toString()).toBe(first.ticket._id.toString());
    expect(await QueueTicketModel.countDocuments({})).toBe(1);
  });

  it('when ten counters call next at the same moment, then no ticket is called twice and each round takes the oldest in order', async () => {
    await QueueServiceModel.updateOne({ code: 'tax-payment' }, { $set: { counters: range(10) } });
    for (const n of range(10)) await createOfficer(`U_officer_${n}`, 'finance', { serviceCode: 'tax-payment', counterNo: n });
    for (const i of range(50)) {
      await takeQueueTicket({ citizenId: `U_c${i}`, serviceCode: 'tax-payment' });
      clock.advance(1000);
    }
    const seen = new Set<string>();
    for (let round = 0; round < 5; round += 1) {
      const calls = await Promise.all(range(10).map((n) => callNext({ officerLineUserId: `U_officer_${n}` })));
      const labels = calls.map((c) => c.ticket?.label ?? 'none').sort();
      expect(labels).toEqual(range(10).map((n) => label('B', round * 10 + n)));
      for (const c of calls) {
        expect(seen.has(c.ticket!._id.toString())).toBe(false);
        seen.add(c.ticket!._id.toString());
      }
      expect(new Set(calls.map((c) => c.ticket?.counterNo)).size).toBe(10);
      await Promise.all(calls.map((c, i) => markServed({ officerLineUserId: `U_officer_${i + 1}`, ticketId: c.ticket!._id.toString() })));
    }
    expect(seen.size).toBe(50);
    const none = await Promise.all(range(10).map((n) => callNext({ officerLineUserId: `U_officer_${n}` })));
    expect(none.every((c) => c.ticket === null)).toBe(true);
  }, 120_000);

  it('when two counters press "call next" through LINE at the same moment, then they get different tickets', async () => {
    await createOfficer('U_o1', 'registration', { serviceCode: 'civil-registration', counterNo: 1 });
    await createOfficer('U_o2', 'registration', { serviceCode: 'civil-registration', counterNo: 2 });
    for (const i of range(3)) {
      await takeQueueTicket({ citizenId: `U_c${i}`, serviceCode: 'civil-registration' });
      clock.advance(1000);
    }
    await bot.send(postback('U_o1', 'queue.callNext'), postback('U_o2', 'queue.callNext'));
    const called = await QueueTicketModel.find({ status: 'called' }).sort({ label: 1 }).lean();
    expect(called.map((t) => t.label)).toEqual(['A001', 'A002']);
    expect(new Set(called.map((t) => t.counterNo))).toEqual(new Set([1, 2]));
  });
});
