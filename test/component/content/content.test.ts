import { useTestBot } from '../../support/bot';
import { events } from '../../support/webhook';
import { contentFeature } from '../../../src/features/content';
import { contentConfigSection } from '../../../src/features/content/content.config';
import { helpFeature } from '../../../src/features/help/help.handlers';
import { menusFeature } from '../../../src/features/menus';
import { MenuLiveModel } from '../../../src/features/menus/menu-deploy.model';
import { saveSettings } from '../../../src/features/municipality/settings';
import { OfficerModel } from '../../../src/features/officers/officer.model';
import { QueueServiceModel } from '../../../src/features/queue/service.model';
import { usersFeature } from '../../../src/features/users/users.handlers';
import { findLimitProblems } from '../../../src/line/limits';
import type { Message } from '../../../src/line/types';

const bot = useTestBot({ features: [usersFeature, contentFeature, menusFeature, helpFeature] });
let n = 0;
const newUser = () => `U_content_${(n += 1)}`;

/** The one reply of a message sent by a new user. */
async function ask(text: string, userId = newUser()): Promise<Message & { altText?: string }> {
  await bot.send(events.text(text, { userId }));
  const replies = bot.repliesTo(userId);
  expect(findLimitProblems(replies)).toEqual([]);
  return replies[replies.length - 1];
}

const buttons = (m: Message) => [...JSON.stringify(m).matchAll(/"uri":"([^"]+)"/g)].map((x) => x[1]);

describe('information entries of the menu', () => {
  it('when a citizen taps contact, then the card gives the address, hours, call buttons with tel: links and the map', async () => {
    const card = await ask('ติดต่อเทศบาล');
    expect(card).toMatchObject({ type: 'flex', altText: 'ติดต่อเทศบาลตำบลบ้านสุขใจ' });
    expect(JSON.stringify(card)).toContain('วันจันทร์-ศุกร์ 08.30-16.30 น.');
    expect(buttons(card)).toEqual(['tel:053000100', 'tel:053000101', 'tel:199', 'https://www.google.com/maps/search/?api=1&query=19.9105,99.8406', 'https://www.bansukjai.go.th']);
  });

  it('when an English speaker asks for contact, then the card is in English', async () => {
    const userId = newUser();
    await bot.send(events.text('english', { userId }));
    const card = await ask('contact', userId);
    expect(card.altText).toBe('Contact Ban Suk Jai Subdistrict Municipality');
    expect(JSON.stringify(card)).toContain('Call Municipal office 053-000-100');
  });

  it('when a citizen asks for the privacy notice, then it says what, why, how long (from the settings) and how to ask', async () => {
    await saveSettings({ retentionDays: 365 });
    const notice = await ask('ความเป็นส่วนตัว');
    expect(notice.altText).toBe('การคุ้มครองข้อมูลส่วนบุคคล');
    const body = JSON.stringify(notice);
    for (const title of ['ข้อมูลที่เก็บ', 'วัตถุประสงค์', 'ระยะเวลาเก็บ', 'สิทธิของท่าน']) expect(body).toContain(title);
    expect(body).toContain('เมื่อครบ 365 วัน');
    expect(body).toContain('ขอลบข้อมูล');
  });

  it('when a citizen asks how to use, for the No Gift Policy or public information, then each answers with its content', async () => {
    expect((await ask('วิธีใช้งาน')).altText).toBe('วิธีใช้งาน LINE ของเทศบาล');
    const noGift = await ask('งดรับของขวัญ');
    expect(noGift.altText).toBe('นโยบายงดรับของขวัญ (No Gift Policy) ปี 2569');
    expect(JSON.stringify(noGift)).toContain('"text":"แจ้งทุจริต"');
    expect(buttons(await ask('ข้อมูลสาธารณะ'))).toEqual([
      'https://www.bansukjai.go.th/budget',
      'https://www.bansukjai.go.th/procurement',
      'https://www.bansukjai.go.th/ita',
      'https://www.bansukjai.go.th/statistics',
    ]);
  });

  it('when the municipality edits an entry with the config section, then the OA answers the new text', async () => {
    await contentConfigSection.apply([{ key: 'publicInfo', intro: { th: 'เอกสารเผยแพร่' }, links: [{ label: { th: 'แผนพัฒนาท้องถิ่น' }, url: 'https://example.go.th/plan' }] }], new Date());
    const info = await ask('ข้อมูลสาธารณะ');
    expect(JSON.stringify(info)).toContain('เอกสารเผยแพร่');
    expect(buttons(info)).toEqual(['https://example.go.th/plan']);
  });

  it('when a citizen asks for the service manuals, then each active queue service has one, with steps, time, documents and fees', async () => {
    const hours = [{ days: ['mon'], open: '08:30', close: '16:30' }];
    await QueueServiceModel.create([
      { code: 'civil-registration', prefix: 'A', departmentCode: 'registration', name: { th: 'งานทะเบียนราษฎร' }, hours, sortOrder: 10 },
      { code: 'welfare-allowance', prefix: 'D', departmentCode: 'welfare', name: { th: 'เบี้ยยังชีพผู้สูงอายุ' }, hours, minutesPerPerson: 20, rules: { howItWorks: { th: 'ยื่นคำขอพร้อมสมุดบัญชีธนาคาร' }, documents: [{ th: 'สมุดบัญชีเงินฝาก' }] }, sortOrder: 20 },
      { code: 'closed-service', prefix: 'E', departmentCode: 'clerk', name: { th: 'งานที่ปิดแล้ว' }, hours, active: false },
    ]);
    const manuals = await ask('คู่มือประชาชน');
    expect(manuals.altText).toBe('คู่มือสำหรับประชาชน 4 งานบริการ');
    const bubbles = (manuals as { contents: { contents: unknown[] } }).contents.contents.map((b) => JSON.stringify(b));
    expect(bubbles[0]).toContain('แจ้งเกิด แจ้งตาย ย้ายที่อยู่');
    expect(bubbles[0]).toContain('ไม่เสียค่าธรรมเนียม');
    expect(bubbles[1]).toContain('เบี้ยยังชีพผู้สูงอายุ');
    expect(bubbles[1]).toContain('ประมาณ 20 นาทีต่อราย');
    expect(bubbles[1]).toContain('สมุดบัญชีเงินฝาก');
    expect(bubbles.join()).not.toContain('งานที่ปิดแล้ว');

    const userId = newUser();
    await bot.send(events.postback('v=1&a=content.manual&s=tax-payment', { userId }));
    expect(bot.repliesTo(userId)[0]).toMatchObject({ type: 'flex', altText: 'คู่มือสำหรับประชาชน: ชำระภาษีที่ดินและสิ่งปลูกสร้าง ภาษีป้าย (กองคลัง)' });
  });
});

describe('menu buttons of the menus feature', () => {
  it('when a citizen switches tab, then nothing is answered; when an officer leaves their menu, then they learn how to come back', async () => {
    const citizen = newUser();
    await bot.send(events.postback('v=1&a=menus.tab&to=citizen-more', { userId: citizen, params: { newRichMenuAliasId: 'citizen-more', status: 'SUCCESS' } }));
    expect(bot.repliesTo(citizen)).toEqual([]);
    const officer = newUser();
    await bot.send(events.postback('v=1&a=menus.tab&to=citizen-main&from=officer', { userId: officer }));
    expect(bot.textsTo(officer)).toEqual(['เปลี่ยนเป็นเมนูประชาชนแล้ว หากต้องการกลับสู่เมนูเจ้าหน้าที่ พิมพ์ "เมนูเจ้าหน้าที่"']);
  });

  it('when an officer types the officer menu command, then the officer menu is linked to them; a citizen is refused', async () => {
    await MenuLiveModel.create({ _id: 'live', aliases: [{ alias: 'officer-main', richMenuId: 'richmenu-officer', hash: 'h' }], officerLink: { richMenuId: 'richmenu-officer', userIds: [] } });
    bot.line.richMenus.set('richmenu-officer', { richMenuId: 'richmenu-officer', menu: {}, image: { contentType: 'image/png', data: Buffer.from('png') } });
    const officer = newUser();
    await OfficerModel.create({ lineUserId: officer, name: 'สมชาย', departmentCode: 'clerk', registeredAt: new Date() });
    await bot.send(events.text('เมนูเจ้าหน้าที่', { userId: officer }));
    expect(bot.textsTo(officer)).toEqual(['เปลี่ยนเป็นเมนูเจ้าหน้าที่แล้ว']);
    expect(bot.line.userMenus.get(officer)).toBe('richmenu-officer');
    const citizen = newUser();
    await bot.send(events.text('เมนูเจ้าหน้าที่', { userId: citizen }));
    expect(bot.textsTo(citizen)).toEqual(['เมนูเจ้าหน้าที่ใช้ได้เฉพาะเจ้าหน้าที่ที่ลงทะเบียนแล้ว']);
    expect(bot.line.userMenus.has(citizen)).toBe(false);
  });
});
