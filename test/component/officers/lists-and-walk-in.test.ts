import { events } from '../../support/webhook';
import { ComplaintModel, type ComplaintDoc } from '../../../src/features/complaints/complaint.model';
import { flowAnswer } from '../../../src/conversation/engine';
import { encodePostback } from '../../../src/line/postback';
import type { FlexMessage } from '../../../src/line/types';
import { clock } from '../../../src/shared/clock';
import { A, addOfficer, B, fileCase, HEAD, seedPublicWorksTeam, useOfficersBot } from './fixtures';

const bot = useOfficersBot();
const DAY = 86_400_000;

beforeEach(() => seedPublicWorksTeam());

const accept = (doc: ComplaintDoc, by: string) => bot.send(events.postback(encodePostback('officers.accept', { c: doc._id.toHexString() }), { userId: by }));

describe('my cases', () => {
  it('when an officer types "งานของฉัน", then their open cases come as a carousel, earliest due first', async () => {
    const road = await fileCase(clock.now()); // due in 15 days
    const light = await fileCase(clock.now(), { categoryCode: 'street-light', description: 'ไฟถนนดับทั้งซอย มืดมากตอนกลางคืน' }); // due in 7 days
    const other = await fileCase(clock.now(), { categoryCode: 'trees', description: 'กิ่งไม้ใหญ่หักพาดสายไฟหน้าบ้านเลขที่ 12' });
    await accept(road, A);
    await accept(light, A);
    await accept(other, B);
    bot.clearCalls();
    await bot.send(events.text('งานของฉัน', { userId: A }));
    const [carousel] = bot.repliesTo(A) as FlexMessage[];
    expect(carousel.altText).toBe('งานของฉัน 2 เรื่อง');
    const bubbles = (carousel.contents as { contents: unknown[] }).contents;
    expect(bubbles).toHaveLength(2);
    expect(JSON.stringify(bubbles[0])).toContain(light.number);
    expect(JSON.stringify(bubbles[1])).toContain(road.number);
    expect(JSON.stringify(carousel)).not.toContain(other.number);
  });

  it('when one of the cases waits for the citizen, then its bubble offers no progress button, which would be refused', async () => {
    const asked = await fileCase(clock.now());
    const working = await fileCase(clock.now());
    await accept(asked, A);
    await accept(working, A);
    await bot.send(events.postback(encodePostback('officers.ask', { c: asked._id.toHexString() }), { userId: A }));
    await bot.send(events.text('หลุมอยู่ฝั่งขาเข้าหรือขาออกครับ', { userId: A }));
    bot.clearCalls();
    await bot.send(events.text('งานของฉัน', { userId: A }));
    const [carousel] = bot.repliesTo(A) as FlexMessage[];
    const bubbles = (carousel.contents as { contents: unknown[] }).contents.map((b) => JSON.stringify(b));
    const bubbleOf = (doc: ComplaintDoc) => bubbles.find((b) => b.includes(doc.number)) ?? '';
    expect(bubbleOf(asked)).not.toContain('officers.update');
    expect(bubbleOf(asked)).toContain(encodePostback('officers.detail', { c: asked._id.toHexString() }));
    expect(bubbleOf(working)).toContain(encodePostback('officers.update', { c: working._id.toHexString() }));
  });

  it('when the rich menu button is pressed by an officer with nothing open, then they are told so', async () => {
    await bot.send(events.postback(encodePostback('officers.myCases'), { userId: B }));
    expect(bot.textsTo(B)).toEqual(['ขณะนี้ท่านไม่มีงานค้าง']);
  });

  it('when a citizen types "งานของฉัน", then they are told it is for officers', async () => {
    await bot.send(events.text('งานของฉัน', { userId: 'U_citizen_9' }));
    expect(bot.textsTo('U_citizen_9')).toEqual(['ขออภัย รายการนี้สำหรับเจ้าหน้าที่เทศบาลที่ลงทะเบียนแล้วเท่านั้น']);
  });
});

describe('overdue list for heads', () => {
  it('when a head types "เลยกำหนด", then the department cases past due or not accepted in time are listed', async () => {
    const late = await fileCase(clock.now(), { categoryCode: 'street-light', description: 'ไฟถนนดับทั้งซอย มืดมากตอนกลางคืน' });
    await accept(late, A);
    clock.advance(2 * DAY);
    const unaccepted = await fileCase(clock.now());
    const fine = await fileCase(clock.now(), { categoryCode: 'trees', description: 'กิ่งไม้ใหญ่หักพาดสายไฟหน้าบ้านเลขที่ 12' });
    await accept(fine, B);
    clock.advance(6 * DAY);
    bot.clearCalls();
    await bot.send(events.text('เลยกำหนด', { userId: HEAD }));
    const [list] = bot.repliesTo(HEAD) as FlexMessage[];
    expect(list.altText).toBe('กองช่าง: เรื่องเลยกำหนดหรือค้างรับ 2 เรื่อง');
    const body = JSON.stringify(list);
    expect(body.indexOf(late.number)).toBeLessThan(body.indexOf(unaccepted.number));
    expect(body).toContain('เลยกำหนด');
    expect(body).toContain('ยังไม่มีผู้รับ');
    expect(body).not.toContain(fine.number);
    expect(body).toContain(encodePostback('officers.detail', { c: late._id.toHexString() }));
  });

  it('when a case filed days ago was forwarded to the department an hour ago, then it is not yet "not accepted in time"', async () => {
    await addOfficer('U_he_head', 'health-env', 'ประยุทธ หัวหน้า', ['officer', 'head']);
    const doc = await fileCase(clock.now());
    clock.advance(2 * DAY);
    await bot.send(events.postback(encodePostback('officers.forward', { c: doc._id.toHexString() }), { userId: A }));
    await bot.send(events.postback(flowAnswer('officers.forward', 'department', 'health-env'), { userId: A }));
    await bot.send(events.text('เป็นเรื่องขยะกีดขวางทาง ไม่ใช่ถนนชำรุด', { userId: A }));
    clock.advance(3_600_000);
    bot.clearCalls();
    await bot.send(events.text('เลยกำหนด', { userId: 'U_he_head' }));
    expect(bot.textsTo('U_he_head')).toEqual(['ไม่มีเรื่องเลยกำหนดหรือค้างรับของหน่วยงาน']);
    clock.advance(DAY);
    await bot.send(events.text('เลยกำหนด', { userId: 'U_he_head' }));
    expect(JSON.stringify(bot.repliesTo('U_he_head').at(-1))).toContain(doc.number);
  });

  it('when an officer who is not a head asks, then it is refused', async () => {
    await bot.send(events.postback(encodePostback('officers.overdue'), { userId: A }));
    expect(bot.textsTo(A)).toEqual(['รายการนี้สำหรับหัวหน้าหน่วยงานเท่านั้น']);
  });
});

describe('case details', () => {
  it('when a colleague opens a case someone else holds, then they see it without the phone or action buttons', async () => {
    const doc = await fileCase(clock.now());
    await accept(doc, A);
    bot.clearCalls();
    await bot.send(events.postback(encodePostback('officers.detail', { c: doc._id.toHexString() }), { userId: B }));
    const [card] = bot.repliesTo(B) as FlexMessage[];
    expect(card.altText.startsWith(`เรื่อง ${doc.number} สถานะ `)).toBe(true);
    const body = JSON.stringify(card);
    expect(body).toContain('สมชาย ช่างดี');
    expect(body).not.toContain('0812345678');
    expect(body).not.toContain('officers.resolve');
  });

  it('when an officer of another department opens a case, then it is refused', async () => {
    await addOfficer('U_fin', 'finance', 'การเงิน ทดสอบ');
    const doc = await fileCase(clock.now());
    await bot.send(events.postback(encodePostback('officers.detail', { c: doc._id.toHexString() }), { userId: 'U_fin' }));
    expect(bot.textsTo('U_fin')).toEqual(['เรื่องนี้ไม่ได้อยู่ในความรับผิดชอบของหน่วยงานท่าน จึงไม่ได้ดำเนินการใด ๆ']);
  });
});

describe('walk-in and phone complaints', () => {
  it('when an officer takes down a phone complaint, then a case is filed with channel phone, filed by the officer, and the department is notified', async () => {
    const F = 'officers.walkIn';
    await bot.send(events.text('รับเรื่องแทนประชาชน', { userId: A }));
    await bot.send(events.postback(flowAnswer(F, 'channel', 'phone'), { userId: A }));
    await bot.send(events.postback(flowAnswer(F, 'category', 'water-supply'), { userId: A }));
    await bot.send(events.text('น้ำประปาไม่ไหลมาสามวันแล้ว ซอยวัดกลาง หมู่ 4', { userId: A }));
    await bot.send(events.postback(flowAnswer(F, 'location', 'skip'), { userId: A }));
    await bot.send(events.postback(flowAnswer(F, 'photos', 'done'), { userId: A }));
    await bot.send(events.text('๐๘๑-๒๓๔-๕๖๗๘', { userId: A }));
    await bot.send(events.postback(flowAnswer(F, 'confirm', 'yes'), { userId: A }));
    const doc = (await ComplaintModel.findOne().lean<ComplaintDoc>()) as ComplaintDoc;
    expect(doc).toMatchObject({ channel: 'phone', categoryCode: 'water-supply', departmentCode: 'public-works', phone: '0812345678', filedBy: { kind: 'officer', id: A, name: 'สมชาย ช่างดี' } });
    expect(doc.citizenId).toBeUndefined();
    const texts = bot.textsTo(A);
    expect(texts).toContain(`บันทึกเรื่องแทนประชาชนแล้ว เลขที่ ${doc.number} กรุณาแจ้งเลขที่นี้ให้ผู้แจ้งไว้ติดตามเรื่อง`);
    expect(texts.join('\n')).toContain('ช่องทาง: โทรศัพท์');
    expect(bot.pushesTo(B).map((m) => (m as FlexMessage).altText)).toEqual([expect.stringContaining(`เรื่องใหม่ ${doc.number}`)]);
  });

  it('when a walk-in category needs a location, then the officer is asked for the pin and cannot skip it', async () => {
    const F = 'officers.walkIn';
    await bot.send(events.postback(encodePostback('officers.walkIn'), { userId: A }));
    await bot.send(events.postback(flowAnswer(F, 'channel', 'walk_in'), { userId: A }));
    await bot.send(events.postback(flowAnswer(F, 'category', 'street-light'), { userId: A }));
    await bot.send(events.text('ไฟถนนดับสามต้นติดกัน หน้าตลาดสด', { userId: A }));
    await bot.send(events.text('ข้าม', { userId: A }));
    expect(bot.textsTo(A).slice(-2)[0]).toBe('กรุณาส่งตำแหน่งจากปุ่มด้านล่าง');
    await bot.send(events.location(13.75, 100.5, { userId: A }));
    await bot.send(events.postback(flowAnswer(F, 'photos', 'done'), { userId: A }));
    await bot.send(events.postback(flowAnswer(F, 'phone', 'skip'), { userId: A }));
    await bot.send(events.postback(flowAnswer(F, 'confirm', 'yes'), { userId: A }));
    expect(await ComplaintModel.findOne().lean()).toMatchObject({ channel: 'walk_in', categoryCode: 'street-light', location: { latitude: 13.75, longitude: 100.5 } });
  });

  it('when a citizen types the walk-in command, then no flow starts', async () => {
    await bot.send(events.text('walk-in', { userId: 'U_citizen_9' }));
    expect(bot.textsTo('U_citizen_9')).toEqual(['ขออภัย รายการนี้สำหรับเจ้าหน้าที่เทศบาลที่ลงทะเบียนแล้วเท่านั้น']);
  });
});

describe('a case number typed by an officer', () => {
  it('when an officer of the department types the number, then the officer card comes back; another citizen gets no card', async () => {
    const doc = await fileCase(clock.now());
    await bot.drain();
    bot.clearCalls();
    await bot.send(events.text(doc.number.toLowerCase(), { userId: B }));
    const [card] = bot.repliesTo(B) as FlexMessage[];
    expect(card.altText).toMatch(`เรื่อง ${doc.number} สถานะ `);
    expect(JSON.stringify(card)).toContain(encodePostback('officers.accept', { c: doc._id.toHexString() }));
    await bot.send(events.text(doc.number, { userId: 'U_citizen_9' }));
    expect(JSON.stringify(bot.repliesTo('U_citizen_9'))).not.toContain('officers.');
  });
});
