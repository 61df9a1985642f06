import { issueWalkInTicket, takeQueueTicket, transferTicket } from '../../../src/features/queue';
import { QueueServiceModel } from '../../../src/features/queue/service.model';
import { QueueSequenceModel, QueueTicketModel } from '../../../src/features/queue/ticket.model';
import { clock } from '../../../src/shared/clock';
import { messageText } from '../../support/bot';
import { createOfficer, MINUTE, postback, queueTools, say, useQueueBot } from './helpers';

const bot = useQueueBot();

const OFFICER = 'U_officer_1';
const { lastText } = queueTools(bot);
const repliesTo = (userId: string) => bot.repliesTo(userId).map(messageText);

describe('a ticket that cannot be made takes no number', () => {
  const take = (citizenId: string, serviceCode = 'building-permit') => postback(citizenId, 'queue.take', { s: serviceCode });

  it('when one citizen double-taps "take a ticket" in two deliveries at once, then one ticket is made and the next citizen gets the next label', async () => {
    // LINE may deliver the taps together or apart; the processor runs one user's events one at a time.
    await Promise.all([bot.post([take('U_same'), take('U_same')]), bot.post([take('U_same')])]);
    await bot.drain();
    await bot.send(take('U_other'));
    const tickets = await QueueTicketModel.find({ serviceCode: 'building-permit' }).sort({ seq: 1 }).lean();
    expect(tickets.map((t) => [t.citizenId, t.label])).toEqual([
      ['U_same', 'C001'],
      ['U_other', 'C002'],
    ]);
    expect(repliesTo('U_same')).toEqual(Array(3).fill(expect.stringContaining('บัตรคิว C001')));
    expect(await QueueSequenceModel.findById('building-permit:2026-11-23').lean()).toMatchObject({ seq: 2 });
  });

  it('when a ticket is stored but the database reports an error, then the retried tap gets that ticket and later citizens still get tickets', async () => {
    const store = QueueTicketModel.create.bind(QueueTicketModel);
    let failed = 0;
    // As a write-concern timeout does: the insert was applied, the answer is an error.
    const create = jest.spyOn(QueueTicketModel, 'create').mockImplementationOnce((async (doc: unknown) => {
      await store(doc as never);
      failed += 1;
      throw Object.assign(new Error('waiting for replication timed out'), { code: 64 });
    }) as never);
    try {
      await bot.send(take('U_c1'));
    } finally {
      create.mockRestore();
    }
    expect(failed).toBe(1);
    await bot.send(take('U_c2'));
    await bot.send(take('U_c3'));
    const tickets = await QueueTicketModel.find({ serviceCode: 'building-permit' }).sort({ seq: 1 }).lean();
    expect(tickets.map((t) => [t.citizenId, t.label])).toEqual([
      ['U_c1', 'C001'],
      ['U_c2', 'C002'],
      ['U_c3', 'C003'],
    ]);
    expect(repliesTo('U_c1')).toEqual([expect.stringContaining('บัตรคิว C001')]);
  });

  it('when a transfer is refused because the citizen already holds a ticket there, then the next ticket there keeps the next label', async () => {
    await createOfficer(OFFICER, 'registration', { serviceCode: 'civil-registration', counterNo: 1 });
    await takeQueueTicket({ citizenId: 'U_c1', serviceCode: 'tax-payment' });
    const registration = await takeQueueTicket({ citizenId: 'U_c1', serviceCode: 'civil-registration' });
    await bot.send(postback(OFFICER, 'queue.transfer', { t: registration.ticket._id.toString(), to: 'tax-payment' }));
    expect(lastText(OFFICER)).toBe('ผู้ถือบัตรคิว A001 มีบัตรคิวของบริการปลายทางอยู่แล้ว');
    expect(await QueueTicketModel.findById(registration.ticket._id).lean()).toMatchObject({ status: 'waiting', active: true });
    const next = await takeQueueTicket({ citizenId: 'U_c2', serviceCode: 'tax-payment' });
    expect(next.ticket.label).toBe('B002');
  });

  it('when a citizen takes a ticket there at the same moment as a transfer, then they hold one ticket there: the transfer moved them, or was refused', async () => {
    await createOfficer(OFFICER, 'registration', { serviceCode: 'civil-registration', counterNo: 1 });
    const registration = await takeQueueTicket({ citizenId: 'U_c1', serviceCode: 'civil-registration' });
    const [take, transfer] = await Promise.allSettled([
      takeQueueTicket({ citizenId: 'U_c1', serviceCode: 'tax-payment' }),
      transferTicket({ officerLineUserId: OFFICER, ticketId: registration.ticket._id.toString(), toServiceCode: 'tax-payment' }),
    ]);
    if (take.status === 'rejected') throw take.reason;
    const held = await QueueTicketModel.find({ citizenId: 'U_c1', serviceCode: 'tax-payment', active: true }).lean();
    expect(held).toHaveLength(1);
    expect(take.value.ticket._id.toString()).toBe(held[0]._id.toString());
    const left = (await QueueTicketModel.findById(registration.ticket._id).lean())?.status;
    const outcome =
      transfer.status === 'fulfilled'
        ? { transfer: 'moved', to: transfer.value.to._id.toString(), left }
        : { transfer: (transfer.reason as { messageKey?: string }).messageKey, takeMadeIt: take.value.created, left };
    expect([
      { transfer: 'moved', to: held[0]._id.toString(), left: 'transferred' },
      { transfer: 'queue.transfer.hasTicketThere', takeMadeIt: true, left: 'waiting' },
    ]).toContainEqual(outcome);
    // The loser of a race on the index leaves its number unused: at most one label is skipped.
    expect(['B002', 'B003']).toContain((await takeQueueTicket({ citizenId: 'U_c2', serviceCode: 'tax-payment' })).ticket.label);
  });

  it('when the daily limit is reached, then walk-ins are refused too and the refusals take no number', async () => {
    await QueueServiceModel.updateOne({ code: 'building-permit' }, { $set: { dailyLimit: 2 } });
    await createOfficer(OFFICER, 'public-works', { serviceCode: 'building-permit', counterNo: 1 });
    await takeQueueTicket({ citizenId: 'U_c1', serviceCode: 'building-permit' });
    await bot.send(say(OFFICER, 'ออกบัตรคิว'));
    expect(lastText(OFFICER)).toContain('บัตรคิว C002');
    clock.advance(MINUTE);
    await bot.send(say(OFFICER, 'ออกบัตรคิว'));
    expect(lastText(OFFICER)).toBe('ขออภัย วันนี้บัตรคิวของบริการนี้ครบ 2 คิวแล้ว กรุณามาใหม่ในวันทำการถัดไป');
    await expect(issueWalkInTicket({ officerLineUserId: OFFICER, serviceCode: 'building-permit' })).rejects.toMatchObject({ messageKey: 'queue.take.full' });
    await expect(takeQueueTicket({ citizenId: 'U_c3', serviceCode: 'building-permit' })).rejects.toMatchObject({ messageKey: 'queue.take.full' });
    expect(await QueueTicketModel.countDocuments({ serviceCode: 'building-permit' })).toBe(2);
    expect(await QueueSequenceModel.findById('building-permit:2026-11-23').lean()).toMatchObject({ seq: 2 });
  });
});
