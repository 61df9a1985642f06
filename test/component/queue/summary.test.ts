import { dailySummary } from '../../../src/features/queue';
import { QueueTicketModel } from '../../../src/features/queue/ticket.model';
import { clock } from '../../../src/shared/clock';
import { allText, createOfficer, MINUTE, MONDAY_10AM, postback, queueTools, say, useQueueBot } from './helpers';

const bot = useQueueBot();
const { lastReply, ticketOf, runTimers } = queueTools(bot);

const OFFICER = 'U_officer_1';

async function callAndServeAfter(minutes: number): Promise<void> {
  await bot.send(postback(OFFICER, 'queue.callNext'));
  const called = await QueueTicketModel.findOne({ status: 'called' }).lean();
  clock.advance(minutes * MINUTE);
  await bot.send(postback(OFFICER, 'queue.served', { t: called!._id.toString() }));
}

describe('the daily summary counts from the audit trail', () => {
  it('when a no-show rejoins and is served, then the no-show still counts and its wait leaves out the time it was away', async () => {
    await createOfficer(OFFICER, 'registration', { serviceCode: 'civil-registration', counterNo: 1 });
    await bot.send(postback('U_c1', 'queue.take', { s: 'civil-registration' })); // A001 10.00
    clock.advance(MINUTE);
    await bot.send(postback('U_c2', 'queue.take', { s: 'civil-registration' })); // A002 10.01
    clock.advance(MINUTE);
    await bot.send(postback(OFFICER, 'queue.callNext')); // A001 called 10.02 (waited 2)
    clock.advance(10 * MINUTE);
    await runTimers(); // A001 no-show 10.12
    clock.advance(MINUTE);
    await bot.send(postback('U_c1', 'queue.rejoin', { t: (await ticketOf('U_c1'))._id.toString() })); // 10.13, behind A002
    await callAndServeAfter(2); // A002 called 10.13 (waited 12), served 10.15
    await callAndServeAfter(5); // A001 called 10.15 (waited 2 more), served 10.20

    const summary = await dailySummary('civil-registration', new Date(MONDAY_10AM));
    expect(summary).toMatchObject({ issued: 2, served: 2, noShows: 1, skipped: 0, waiting: 0, averageWaitMinutes: 8, averageServiceMinutes: 3.5 });
  });

  it('when a ticket is transferred, then both services list it by label, so a ticket keeping its earlier place is visible', async () => {
    await createOfficer(OFFICER, 'registration', { serviceCode: 'civil-registration', counterNo: 1 });
    await createOfficer('U_officer_tax', 'finance', { serviceCode: 'tax-payment', counterNo: 1 });
    await bot.send(postback('U_c1', 'queue.take', { s: 'civil-registration' }));
    await bot.send(postback('U_c2', 'queue.take', { s: 'tax-payment' }));
    await bot.send(postback(OFFICER, 'queue.transfer', { t: (await ticketOf('U_c1'))._id.toString(), to: 'tax-payment' }));

    expect(await dailySummary('civil-registration', new Date(MONDAY_10AM))).toMatchObject({ transferred: 1, transfersOut: [{ label: 'A001', to: 'B002' }], transfersIn: [] });
    expect(await dailySummary('tax-payment', new Date(MONDAY_10AM))).toMatchObject({ transferred: 0, transfersOut: [], transfersIn: [{ label: 'B002', from: 'A001' }] });

    await bot.send(say(OFFICER, 'สรุปคิววันนี้'));
    expect(allText(lastReply(OFFICER))).toContain('ย้ายไปบริการอื่น | 1 (A001 → B002) | ย้ายมาจากบริการอื่น | 0');
    await bot.send(say('U_officer_tax', 'สรุปคิววันนี้'));
    expect(allText(lastReply('U_officer_tax'))).toContain('ย้ายไปบริการอื่น | 0 | ย้ายมาจากบริการอื่น | 1 (B002 ← A001)');
    expect(allText(lastReply('U_officer_tax'))).toContain('เวลารอเฉลี่ย | ไม่มีข้อมูล');
  });
});
