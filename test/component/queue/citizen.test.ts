import * as queuePositionModule from '../../../src/features/queue/queue-position';
import { QueueEventModel } from '../../../src/features/queue/queue-event.model';
import { QueueServiceModel } from '../../../src/features/queue/service.model';
import { QueueTicketModel } from '../../../src/features/queue/ticket.model';
import { saveSettings } from '../../../src/features/municipality/settings';
import { setLanguage } from '../../../src/features/users/users.service';
import { clock } from '../../../src/shared/clock';
import { messageText } from '../../support/bot';
import { allText, createOfficer, isFlex, last, MINUTE, postback, postbackData, say, useQueueBot } from './helpers';

const bot = useQueueBot();

const lastReply = (userId: string) => last(bot.repliesTo(userId));

/** The citizen takes a civil-registration ticket through the bot; returns it as stored. */
async function takeTicket(userId: string) {
  await bot.send(postback(userId, 'queue.take', { s: 'civil-registration' }));
  return QueueTicketModel.findOne({ citizenId: userId }).lean();
}

describe('citizen takes a queue ticket', () => {
  it('when a citizen types "รับบัตรคิว", then a carousel of the four services shows which are open', async () => {
    await bot.send(say('U_c1', 'รับบัตรคิว'));
    const reply = lastReply('U_c1');
    expect(isFlex(reply) && reply.altText).toBe('เลือกบริการที่ต้องการรับบัตรคิว');
    const contents = isFlex(reply) ? reply.contents : undefined;
    expect(contents?.type).toBe('carousel');
    expect(contents && 'contents' in contents ? contents.contents : []).toHaveLength(4);
    const all = allText(reply);
    expect(all).toContain('งานทะเบียนราษฎรและบัตรประชาชน');
    expect(all).toContain('เปิดให้บริการ');
    expect(all).toContain('จันทร์-ศุกร์ 08.30-16.30 น. (เปิดบริการช่วงพักเที่ยง)');
    expect(all).toContain('จันทร์-ศุกร์ 08.30-16.30 น. (พักเที่ยง 12.00-13.00 น.)');
    expect(postbackData(reply)).toContain('v=1&a=queue.take&s=civil-registration');
  });

  it('when the rich menu sends queue.start, then the same picker answers', async () => {
    await bot.send(postback('U_c1', 'queue.start'));
    expect(messageText(lastReply('U_c1') as never)).toBe('เลือกบริการที่ต้องการรับบัตรคิว');
  });

  it('when two citizens take tickets, then they get A001 and A002 with people ahead and a wait range', async () => {
    await bot.send(postback('U_c1', 'queue.take', { s: 'civil-registration' }));
    clock.advance(MINUTE);
    await bot.send(postback('U_c2', 'queue.take', { s: 'civil-registration' }));

    const first = lastReply('U_c1');
    expect(messageText(first as never)).toBe('บัตรคิว A001 คิวก่อนหน้า 0 คน (ใกล้ถึงคิวแล้ว)');
    const second = lastReply('U_c2');
    expect(messageText(second as never)).toBe('บัตรคิว A002 คิวก่อนหน้า 1 คน (ประมาณ 5-15 นาที)');
    const all = allText(second);
    expect(all).toContain('A002');
    expect(all).toContain('ช่องบริการ 1, 2');
    expect(all).toContain('10.01 น.');
    const buttons = postbackData(second);
    const ticket = await QueueTicketModel.findOne({ citizenId: 'U_c2' }).lean();
    expect(ticket).toMatchObject({ label: 'A002', seq: 2, status: 'waiting', dayKey: '2026-11-23', channel: 'line', serviceCode: 'civil-registration', departmentCode: 'registration' });
    expect(buttons).toEqual([
      `v=1&a=queue.status&t=${ticket?._id.toString()}`,
      `v=1&a=queue.cancel&t=${ticket?._id.toString()}`,
      'v=1&a=queue.rules&s=civil-registration',
    ]);
    expect(await QueueEventModel.countDocuments({ type: 'taken' })).toBe(2);
  });

  it('when a citizen asks again for the same service, then they keep their one active ticket', async () => {
    await bot.send(postback('U_c1', 'queue.take', { s: 'civil-registration' }));
    await bot.send(postback('U_c1', 'queue.take', { s: 'civil-registration' }));
    expect(allText(lastReply('U_c1'))).toContain('ท่านมีบัตรคิวของบริการนี้อยู่แล้ว');
    expect(await QueueTicketModel.countDocuments({ citizenId: 'U_c1' })).toBe(1);
    // Another service is a separate queue.
    await bot.send(postback('U_c1', 'queue.take', { s: 'tax-payment' }));
    expect(messageText(lastReply('U_c1') as never)).toContain('บัตรคิว B001');
  });

  it('when LINE redelivers the take event, then only one ticket is made (the webhook keeps one copy of an event)', async () => {
    const event = postback('U_c1', 'queue.take', { s: 'civil-registration' });
    await bot.send(event);
    await bot.send({ ...event, deliveryContext: { isRedelivery: true } });
    expect(await QueueTicketModel.countDocuments({})).toBe(1);
  });

  it('when the take event is handled again after its reply failed and its ticket was served meanwhile, then no second ticket is made', async () => {
    // The first run makes the ticket, then fails before replying; before the retry, the ticket
    // was served. Only the ticket's sourceEventId can tell the retry it already made one.
    const position = jest.spyOn(queuePositionModule, 'queuePosition').mockImplementationOnce(async () => {
      await QueueTicketModel.updateOne({ citizenId: 'U_c1' }, { $set: { status: 'served', active: false } });
      throw new Error('the reply failed');
    });
    await bot.send(postback('U_c1', 'queue.take', { s: 'civil-registration' }));
    position.mockRestore();
    expect(await QueueTicketModel.find({}).lean()).toEqual([expect.objectContaining({ label: 'A001', citizenId: 'U_c1', status: 'served' })]);
    expect(allText(lastReply('U_c1'))).toContain('รับบริการแล้ว');
  });

  it('when the citizen types "คิวของฉัน" or the label, then they see the live position; others get a generic answer', async () => {
    await bot.send(postback('U_c1', 'queue.take', { s: 'civil-registration' }));
    await bot.send(postback('U_c2', 'queue.take', { s: 'civil-registration' }));
    await bot.send(say('U_c2', 'คิวของฉัน'));
    expect(messageText(lastReply('U_c2') as never)).toBe('บัตรคิว A002 คิวก่อนหน้า 1 คน (ประมาณ 5-15 นาที)');

    await bot.send(postback('U_c1', 'queue.cancel', { t: (await QueueTicketModel.findOne({ citizenId: 'U_c1' }).lean())!._id.toString() }));
    await bot.send(say('U_c2', 'a002'));
    expect(messageText(lastReply('U_c2') as never)).toBe('บัตรคิว A002 คิวก่อนหน้า 0 คน (ใกล้ถึงคิวแล้ว)');

    await bot.send(say('U_c3', 'A002'));
    expect(messageText(lastReply('U_c3') as never)).toBe('ไม่พบบัตรคิว A002 ของท่านในวันนี้ หากเป็นบัตรคิวของท่าน กรุณากด "คิวของฉัน"');
    await bot.send(say('U_c3', 'A999'));
    expect(messageText(lastReply('U_c3') as never)).toBe('ไม่พบบัตรคิว A999 ของท่านในวันนี้ หากเป็นบัตรคิวของท่าน กรุณากด "คิวของฉัน"');
    await bot.send(say('U_c3', 'my ticket'));
    expect(messageText(lastReply('U_c3') as never)).toBe('วันนี้ท่านยังไม่มีบัตรคิว');
  });

  it('when a citizen presses refresh on somebody else\'s ticket, then nothing is shown', async () => {
    const ticket = await takeTicket('U_c1');
    await bot.send(postback('U_c2', 'queue.status', { t: ticket!._id.toString() }));
    expect(messageText(lastReply('U_c2') as never)).toBe('ไม่พบบัตรคิวนี้');
    await bot.send(postback('U_c2', 'queue.cancel', { t: ticket!._id.toString() }));
    expect(messageText(lastReply('U_c2') as never)).toBe('ไม่พบบัตรคิวนี้');
    expect((await QueueTicketModel.findById(ticket!._id).lean())?.status).toBe('waiting');
    await bot.send(postback('U_c2', 'queue.status', { t: 'not-an-id' }));
    expect(messageText(lastReply('U_c2') as never)).toBe('ปุ่มนี้หมดอายุแล้ว กรุณาเริ่มใหม่จากเมนู');
  });

  it('when a citizen cancels, then the ticket is cancelled and they may take a new one', async () => {
    const ticket = await takeTicket('U_c1');
    await bot.send(postback('U_c1', 'queue.cancel', { t: ticket!._id.toString() }));
    expect(messageText(lastReply('U_c1') as never)).toBe('ยกเลิกบัตรคิว A001 เรียบร้อยแล้ว');
    expect(await QueueTicketModel.findById(ticket!._id).lean()).toMatchObject({ status: 'cancelled', active: false });
    await bot.send(postback('U_c1', 'queue.take', { s: 'civil-registration' }));
    expect(messageText(lastReply('U_c1') as never)).toContain('บัตรคิว A002');
  });

  it('when the rules button is pressed, then the service rules, no-show rule and documents show', async () => {
    await bot.send(postback('U_c1', 'queue.rules', { s: 'building-permit' }));
    const reply = lastReply('U_c1');
    expect(messageText(reply as never)).toBe('ระเบียบการรับบริการ ขออนุญาตก่อสร้างอาคาร');
    const all = allText(reply);
    expect(all).toContain('• แบบแปลนอาคาร 5 ชุด');
    expect(all).toContain('เจ้าหน้าที่ตรวจแบบและเอกสารเบื้องต้นที่ช่องบริการ');
    const standard = 'หากเรียกแล้วไม่มาแสดงตัวภายใน 10 นาที บัตรคิวจะถูกยกเลิก ท่านต่อท้ายคิวได้อีก 1 ครั้งในวันเดียวกัน ขณะที่ยังอยู่ในเวลาให้บริการ';
    expect(all).toContain(`กรณีเรียกแล้วไม่มา | ${standard} | เอกสารที่ต้องนำมา`);

    // A service's own no-show text is added after the standard sentence, once.
    await QueueServiceModel.updateOne({ code: 'building-permit' }, { $set: { 'rules.noShow': { th: 'กรณีมาสาย กรุณาแจ้งเจ้าหน้าที่' } } });
    await bot.send(postback('U_c1', 'queue.rules', { s: 'building-permit' }));
    expect(allText(lastReply('U_c1'))).toContain(`กรณีเรียกแล้วไม่มา | ${standard} กรณีมาสาย กรุณาแจ้งเจ้าหน้าที่ | เอกสารที่ต้องนำมา`);
  });

});

/** A citizen who has chatted once and chose a language. */
async function speaker(userId: string, lang: 'en' | 'my'): Promise<void> {
  await bot.send(say(userId, 'hello'));
  await setLanguage(userId, lang);
}

describe('languages', () => {
  it('when an English speaker takes a ticket, then the card is in English', async () => {
    await speaker('U_en', 'en');
    await bot.send(postback('U_c1', 'queue.take', { s: 'civil-registration' }));
    await bot.send(postback('U_en', 'queue.take', { s: 'civil-registration' }));
    const reply = lastReply('U_en');
    expect(messageText(reply as never)).toBe('Ticket A002: 1 ahead (about 5-15 minutes)');
    expect(allText(reply)).toContain('Counters 1, 2');
    expect(allText(reply)).toContain('1 person');
  });

  it('when an English speaker comes within one of the counter, then the push says "1 person ahead"', async () => {
    await saveSettings({ queue: { notifyWhenAhead: 1 } });
    await createOfficer('U_officer_1', 'registration', { serviceCode: 'civil-registration', counterNo: 1 });
    await speaker('U_en', 'en');
    for (const c of ['U_c1', 'U_c2', 'U_en']) await bot.send(postback(c, 'queue.take', { s: 'civil-registration' }));
    expect(bot.pushesTo('U_en')).toEqual([]);
    await bot.send(postback('U_officer_1', 'queue.callNext'));
    expect(bot.pushesTo('U_en').map((m) => messageText(m))).toEqual(['1 person ahead of you (ticket A003, Civil registration and ID cards). Please make your way to the counter.']);
  });

  it('when a Burmese speaker takes a ticket and has none later, then the basics are in Burmese', async () => {
    await speaker('U_my', 'my');
    await bot.send(postback('U_c1', 'queue.take', { s: 'civil-registration' }));
    await bot.send(postback('U_my', 'queue.take', { s: 'civil-registration' }));
    const card = lastReply('U_my');
    expect(messageText(card as never)).toBe('လက်မှတ် A002 - သင့်ရှေ့တွင် 1 ဦး (ခန့်မှန်း 5-15 မိနစ်)');
    expect(allText(card)).toContain('တန်းစီလက်မှတ်');
    expect(allText(card)).toContain('စောင့်ဆိုင်းနေသည်');
    await bot.send(postback('U_my', 'queue.cancel', { t: (await QueueTicketModel.findOne({ citizenId: 'U_my' }).lean())!._id.toString() }));
    expect(messageText(lastReply('U_my') as never)).toBe('လက်မှတ် A002 ကို ပယ်ဖျက်ပြီးပါပြီ။');
    await bot.send(say('U_my', 'my ticket'));
    expect(messageText(lastReply('U_my') as never)).toBe('ယနေ့ သင့်တွင် တန်းစီလက်မှတ် မရှိသေးပါ။');
  });
});

describe('opening hours and holidays', () => {
  it('when the service is at lunch, then the citizen gets its hours and when it opens again', async () => {
    clock.freeze('2026-11-23T05:30:00Z'); // 12.30 in Bangkok
    await bot.send(postback('U_c1', 'queue.take', { s: 'tax-payment' }));
    expect(messageText(lastReply('U_c1') as never)).toBe(
      'ชำระภาษีที่ดินและป้าย ปิดให้บริการในขณะนี้ (พักเที่ยง) จึงยังรับบัตรคิวไม่ได้\nเปิดอีกครั้ง 23 พ.ย. 2569 13.00 น.\nเวลาให้บริการ:\n- จันทร์-ศุกร์ 08.30-16.30 น. (พักเที่ยง 12.00-13.00 น.)',
    );
    expect(await QueueTicketModel.countDocuments({})).toBe(0);
    // Registration serves through lunch.
    await bot.send(postback('U_c1', 'queue.take', { s: 'civil-registration' }));
    expect(messageText(lastReply('U_c1') as never)).toContain('บัตรคิว A001');
  });

  it('when it is Saturday, a public holiday or after hours, then no ticket is given and the reason is said', async () => {
    clock.freeze('2026-11-28T03:00:00Z'); // Saturday 10.00
    await bot.send(postback('U_c1', 'queue.take', { s: 'civil-registration' }));
    expect(messageText(lastReply('U_c1') as never)).toMatch(/^งานทะเบียนราษฎรและบัตรประชาชน ปิดให้บริการในขณะนี้ \(วันนี้ไม่เปิดให้บริการ\)[^]*เปิดอีกครั้ง 30 พ.ย. 2569 08.30 น./);

    clock.freeze('2026-12-07T03:00:00Z'); // Monday, a holiday in the demo data
    await bot.send(postback('U_c1', 'queue.take', { s: 'civil-registration' }));
    expect(messageText(lastReply('U_c1') as never)).toMatch(/\(วันหยุดราชการ\)[^]*เปิดอีกครั้ง 8 ธ.ค. 2569 08.30 น./);

    clock.freeze('2026-11-23T09:45:00Z'); // 16.45 on Monday
    await bot.send(postback('U_c1', 'queue.take', { s: 'civil-registration' }));
    expect(messageText(lastReply('U_c1') as never)).toMatch(/\(หมดเวลาให้บริการแล้ว\)[^]*เปิดอีกครั้ง 24 พ.ย. 2569 08.30 น./);

    clock.freeze('2026-11-23T01:00:00Z'); // 08.00 on Monday
    await bot.send(postback('U_c1', 'queue.take', { s: 'civil-registration' }));
    expect(messageText(lastReply('U_c1') as never)).toMatch(/\(ยังไม่ถึงเวลาเปิด\)[^]*เปิดอีกครั้ง 23 พ.ย. 2569 08.30 น./);
    expect(await QueueTicketModel.countDocuments({})).toBe(0);
  });

  it('when the daily limit is reached, then the next citizen is told politely', async () => {
    const { QueueServiceModel } = await import('../../../src/features/queue/service.model');
    await QueueServiceModel.updateOne({ code: 'building-permit' }, { $set: { dailyLimit: 2 } });
    await bot.send(postback('U_c1', 'queue.take', { s: 'building-permit' }), postback('U_c2', 'queue.take', { s: 'building-permit' }));
    await bot.send(postback('U_c3', 'queue.take', { s: 'building-permit' }));
    expect(messageText(lastReply('U_c3') as never)).toBe('ขออภัย วันนี้บัตรคิวของบริการนี้ครบ 2 คิวแล้ว กรุณามาใหม่ในวันทำการถัดไป');
    expect(await QueueTicketModel.countDocuments({})).toBe(2);
  });
});
