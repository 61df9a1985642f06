import { issueWalkInTicket, takeQueueTicket, transferTicket } from '../../../src/features/queue';
import { QueueServiceModel } from '../../../src/features/queue/service.model';
import { QueueSequenceModel, QueueTicketModel } from '../../../src/features/queue/ticket.model';
import { clock } from '../../../src/shared/clock';
import { createOfficer, MINUTE, postback, queueTools, say, useQueueBot } from './helpers';

const bot = useQueueBot();

const OFFICER = 'U_officer_1';
const { lastText } = queueTools(bot);
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('a ticket that cannot be made takes no number', () => {
  it('when one citizen taps "take a ticket" five times at once, then one ticket is made and the next citizen gets the next label', async () => {
    const results = await Promise.all(range(5).map(() => takeQueueTicket({ citizenId: 'U_same', serviceCode: 'building-permit' })));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.ticket.label))).toEqual(new Set(['C001']));
    const next = await takeQueueTicket({ citizenId: 'U_other', serviceCode: 'building-permit' });
    expect(next.ticket.label).toBe('C002');
    expect(await QueueSequenceModel.findById('building-permit:2026-11-23').lean()).toMatchObject({ seq: 2 });
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

  it('when a citizen takes a ticket there at the same moment as a transfer, then one of them wins and no label is skipped', async () => {
    await createOfficer(OFFICER, 'registration', { serviceCode: 'civil-registration', counterNo: 1 });
    const registration = await takeQueueTicket({ citizenId: 'U_c1', serviceCode: 'civil-registration' });
    const [take, transfer] = await Promise.allSettled([
      takeQueueTicket({ citizenId: 'U_c1', serviceCode: 'tax-payment' }),
      transferTicket({ officerLineUserId: OFFICER, ticketId: registration.ticket._id.toString(), toServiceCode: 'tax-payment' }),
    ]);
    expect(take.status).toBe('fulfilled');
    expect(await QueueTicketModel.countDocuments({ citizenId: 'U_c1', serviceCode: 'tax-payment', active: true })).toBe(1);
    if (transfer.status === 'rejected') expect(transfer.reason).toMatchObject({ messageKey: 'queue.transfer.hasTicketThere' });
    expect((await takeQueueTicket({ citizenId: 'U_c2', serviceCode: 'tax-payment' })).ticket.label).toBe('B002');
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
