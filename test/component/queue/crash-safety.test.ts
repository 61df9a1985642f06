import { markNoShows } from '../../../src/features/queue';
import { QueueEventModel } from '../../../src/features/queue/queue-event.model';
import { QueueTicketModel } from '../../../src/features/queue/ticket.model';
import { OutboxModel } from '../../../src/notifications/outbox.model';
import { clock } from '../../../src/shared/clock';
import { messageText } from '../../support/bot';
import { createOfficer, MINUTE, postback, queueTools, useQueueBot } from './helpers';

const bot = useQueueBot();
const { lastText, ticketOf, runTimers } = queueTools(bot);

const OFFICER = 'U_officer_1';
const SECOND = 1000;


/** U_c1 holds A001, called to counter 1 at 10.00. */
async function calledTicket() {
  await createOfficer(OFFICER, 'registration', { serviceCode: 'civil-registration', counterNo: 1 });
  await bot.send(postback('U_c1', 'queue.take', { s: 'civil-registration' }));
  await bot.send(postback(OFFICER, 'queue.callNext'));
  return ticketOf('U_c1');
}

const noShowNotices = () => bot.pushesTo('U_c1').filter((m) => m.type === 'flex');

afterEach(() => jest.restoreAllMocks());

describe('the no-show job survives a crash', () => {
  it('when another instance claimed a ticket and died, then its lease runs out and the next run marks the ticket and tells the citizen, once', async () => {
    const t1 = await calledTicket();
    clock.advance(11 * MINUTE);
    // The dead instance's claim: a lease a minute long, and nothing after it.
    await QueueTicketModel.updateOne({ _id: t1._id }, { $set: { leaseUntil: new Date(clock.nowMs() + 60 * SECOND) } });
    await runTimers();
    expect((await ticketOf('U_c1')).status).toBe('called');
    expect(noShowNotices()).toEqual([]);

    clock.advance(61 * SECOND);
    await runTimers();
    expect(await ticketOf('U_c1')).toMatchObject({ status: 'no_show', active: false });
    expect(noShowNotices()).toHaveLength(1);
    expect(await QueueEventModel.countDocuments({ type: 'no_show' })).toBe(1);
  });

  it('when the process fails between marking the no-show and recording it, then the audit record and the notice follow on a later run, once', async () => {
    await calledTicket();
    clock.advance(11 * MINUTE);
    jest.spyOn(QueueEventModel, 'create').mockRejectedValueOnce(new Error('connection lost'));
    expect(await markNoShows(clock.now())).toBe(1);
    await bot.drain();
    expect(await ticketOf('U_c1')).toMatchObject({ status: 'no_show', pendingSteps: [expect.objectContaining({ type: 'no_show' })] });
    expect(await QueueEventModel.countDocuments({ type: 'no_show' })).toBe(0);
    expect(noShowNotices()).toEqual([]);

    // Too soon: the step may still be in the hands of the run that wrote it.
    await runTimers();
    expect(noShowNotices()).toEqual([]);

    clock.advance(31 * SECOND);
    await runTimers();
    await runTimers();
    expect(await QueueEventModel.countDocuments({ type: 'no_show' })).toBe(1);
    expect(noShowNotices()).toHaveLength(1);
    expect((await ticketOf('U_c1')).pendingSteps).toEqual([]);
  });
});

describe('"call next" survives a failed push', () => {
  it('when the push to the citizen cannot be queued, then the officer still gets the card, the call is recorded, and the push follows on a later run, once', async () => {
    await createOfficer(OFFICER, 'registration', { serviceCode: 'civil-registration', counterNo: 1 });
    await bot.send(postback('U_c1', 'queue.take', { s: 'civil-registration' }));
    jest.spyOn(OutboxModel, 'insertMany').mockRejectedValueOnce(new Error('outbox unavailable'));
    await bot.send(postback(OFFICER, 'queue.callNext'));
    expect(lastText(OFFICER)).toBe('เรียกบัตรคิว A001 ที่ช่องบริการ 1');
    expect(bot.pushesTo('U_c1')).toEqual([]);
    expect(await QueueEventModel.countDocuments({ type: 'called' })).toBe(1);
    expect((await ticketOf('U_c1')).pendingSteps).toHaveLength(1);

    clock.advance(31 * SECOND);
    await runTimers();
    await runTimers();
    expect(bot.pushesTo('U_c1').map((m) => messageText(m))).toEqual(['ถึงคิวของท่านแล้ว บัตรคิว A001 เชิญที่ช่องบริการ 1 (งานทะเบียนราษฎรและบัตรประชาชน)']);
    expect(await QueueEventModel.countDocuments({ type: 'called' })).toBe(1);
    expect((await ticketOf('U_c1')).pendingSteps).toEqual([]);
  });
});
