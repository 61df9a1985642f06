import { skipTicket } from '../../../src/features/queue';
import { QueueEventModel } from '../../../src/features/queue/queue-event.model';
import { QueueTicketModel } from '../../../src/features/queue/ticket.model';
import { setLanguage } from '../../../src/features/users/users.service';
import { messageText } from '../../support/bot';
import { createOfficer, last, postback, postbackData, queueTools, say, useQueueBot } from './helpers';

const bot = useQueueBot();

const OFFICER = 'U_officer_1';
const { lastReply, lastText, ticketOf, citizensTake } = queueTools(bot);

describe('skipping and cancelling a called ticket', () => {
  it('when the officer skips, then a reason is required, recorded and told to the citizen', async () => {
    const officer = await createOfficer(OFFICER, 'registration', { serviceCode: 'civil-registration', counterNo: 1 });
    await citizensTake('civil-registration', 'U_c1', 'U_c2');
    await bot.send(postback(OFFICER, 'queue.callNext'));
    const t1 = await ticketOf('U_c1');
    await bot.send(postback(OFFICER, 'queue.skip', { t: t1._id.toString() }));
    const ask = lastReply(OFFICER);
    expect(messageText(ask as never)).toBe('กรุณาระบุเหตุผลที่ข้ามบัตรคิว A001 (เลือกหรือพิมพ์)');
    expect(postbackData(ask)).toHaveLength(4);
    await bot.send(say(OFFICER, 'ก'));
    expect(bot.repliesTo(OFFICER).map((m) => messageText(m)).slice(-2)).toEqual(['กรุณาระบุเหตุผลที่ข้ามคิว (2-200 ตัวอักษร)', 'กรุณาระบุเหตุผลที่ข้ามบัตรคิว A001 (เลือกหรือพิมพ์)']);
    expect((await ticketOf('U_c1')).status).toBe('called');
    await bot.send(say(OFFICER, 'เอกสารไม่ครบ ขาดทะเบียนบ้าน'));
    expect(lastText(OFFICER)).toBe('ข้ามบัตรคิว A001 แล้ว เหตุผล: เอกสารไม่ครบ ขาดทะเบียนบ้าน');
    expect(await ticketOf('U_c1')).toMatchObject({ status: 'skipped', skipReason: 'เอกสารไม่ครบ ขาดทะเบียนบ้าน', active: false });
    expect(messageText(last(bot.pushesTo('U_c1'))!)).toBe('เจ้าหน้าที่ข้ามบัตรคิว A001 (งานทะเบียนราษฎรและบัตรประชาชน) เหตุผล: เอกสารไม่ครบ ขาดทะเบียนบ้าน หากมีข้อสงสัย กรุณาติดต่อเจ้าหน้าที่');
    expect(await QueueEventModel.findOne({ type: 'skipped' }).lean()).toMatchObject({ label: 'A001', officerId: officer._id.toString(), counterNo: 1, reason: 'เอกสารไม่ครบ ขาดทะเบียนบ้าน' });

    // A preset reason from the quick reply works too; it is stored as a key and each reader gets it in their language.
    await setLanguage('U_c2', 'en');
    await bot.send(postback(OFFICER, 'queue.callNext'));
    const t2 = await ticketOf('U_c2');
    await bot.send(postback(OFFICER, 'queue.skip', { t: t2._id.toString() }));
    const preset = postbackData(lastReply(OFFICER))[0];
    await bot.send({ ...postback(OFFICER, 'x'), postback: { data: preset } });
    expect(lastText(OFFICER)).toBe('ข้ามบัตรคิว A002 แล้ว เหตุผล: ไม่มาแสดงตัว');
    expect(await ticketOf('U_c2')).toMatchObject({ status: 'skipped', skipReasonKey: 'absent' });
    expect((await ticketOf('U_c2')).skipReason).toBeUndefined();
    expect(messageText(last(bot.pushesTo('U_c2'))!)).toBe('The officer skipped ticket A002 (Civil registration and ID cards). Reason: Not present. Please ask an officer if you have questions.');
    expect(await QueueEventModel.findOne({ type: 'skipped', label: 'A002' }).lean()).toMatchObject({ reasonKey: 'absent' });
  });

  it('when an officer tries to skip a waiting ticket or one called to another counter, then it is refused and nobody is skipped', async () => {
    await createOfficer(OFFICER, 'registration', { serviceCode: 'civil-registration', counterNo: 1 });
    await createOfficer('U_officer_2', 'registration', { serviceCode: 'civil-registration', counterNo: 2 });
    await citizensTake('civil-registration', 'U_c1', 'U_c2', 'U_c3');
    await bot.send(postback(OFFICER, 'queue.callNext'));
    const [t1, t3] = [await ticketOf('U_c1'), await ticketOf('U_c3')];

    // A003 waits behind A002: skipping it (to favour nobody, or someone behind) is not possible.
    await bot.send(postback(OFFICER, 'queue.skip', { t: t3._id.toString() }));
    expect(lastText(OFFICER)).toBe('บัตรคิว A003 เปลี่ยนสถานะไปแล้ว ไม่ต้องดำเนินการต่อ');
    await expect(skipTicket({ officerLineUserId: OFFICER, ticketId: t3._id.toString(), reason: 'ไม่มาแสดงตัว' })).rejects.toMatchObject({ messageKey: 'queue.skip.onlyCalledHere' });

    // A001 is at counter 1: the officer at counter 2 cannot skip it.
    await bot.send(postback('U_officer_2', 'queue.skip', { t: t1._id.toString() }));
    expect(lastText('U_officer_2')).toBe('ข้ามได้เฉพาะบัตรคิวที่เรียกมาที่ช่องบริการของท่านเท่านั้น บัตรคิว A001 ยังไม่ได้เรียกมาที่ช่องบริการนี้');
    await expect(skipTicket({ officerLineUserId: 'U_officer_2', ticketId: t1._id.toString(), reasonKey: 'absent' })).rejects.toMatchObject({ messageKey: 'queue.skip.onlyCalledHere' });

    expect(await QueueTicketModel.countDocuments({ status: 'skipped' })).toBe(0);
    expect(await QueueEventModel.countDocuments({ type: 'skipped' })).toBe(0);
  });

  it('when the citizen cancels a ticket already called, then the officer who called it is told and the audit names the counter', async () => {
    await createOfficer(OFFICER, 'registration', { serviceCode: 'civil-registration', counterNo: 2 });
    await citizensTake('civil-registration', 'U_c1', 'U_c2');
    await bot.send(postback(OFFICER, 'queue.callNext'));
    const t1 = await ticketOf('U_c1');
    await bot.send(postback('U_c1', 'queue.cancel', { t: t1._id.toString() }));
    expect(lastText('U_c1')).toBe('ยกเลิกบัตรคิว A001 เรียบร้อยแล้ว');
    const told = bot.pushesTo(OFFICER);
    expect(told.map((m) => messageText(m))).toEqual(['ผู้ถือบัตรคิว A001 ยกเลิกบัตรคิวแล้ว (งานทะเบียนราษฎรและบัตรประชาชน ช่องบริการ 2) ท่านเรียกคิวถัดไปได้']);
    expect(postbackData(told[0])).toEqual(['v=1&a=queue.callNext']);
    expect(await QueueEventModel.findOne({ type: 'cancelled' }).lean()).toMatchObject({ label: 'A001', counterNo: 2, at: new Date('2026-11-23T03:02:00Z') });

    // A waiting ticket's cancellation concerns no counter: nobody is pushed.
    await bot.send(postback('U_c2', 'queue.cancel', { t: (await ticketOf('U_c2'))._id.toString() }));
    expect(bot.pushesTo(OFFICER)).toHaveLength(1);
    expect((await QueueEventModel.findOne({ type: 'cancelled', label: 'A002' }).lean())?.counterNo).toBeUndefined();
  });
});
