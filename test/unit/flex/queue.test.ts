import { buildServicePicker, buildServiceRules, buildTicketCard, type TicketCardView } from '../../../flex-messages/queue/citizen';
import { buildCalledTicket, buildDailySummary } from '../../../flex-messages/queue/counter';
import { buildNoShowNotice } from '../../../flex-messages/queue/notices';
import { translator } from '../../../src/i18n';
import { findLimitProblems } from '../../../src/line/limits';
import type { Message } from '../../../src/line/types';

const th = translator('th');
const en = translator('en');
const ID = '0123456789abcdef01234567';

function texts(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(texts);
  if (!node || typeof node !== 'object') return [];
  const n = node as Record<string, unknown>;
  return [...(typeof n.text === 'string' ? [n.text] : []), ...(typeof n.label === 'string' ? [n.label] : []), ...Object.values(n).flatMap((v) => (typeof v === 'object' ? texts(v) : []))];
}

function datas(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(datas);
  if (!node || typeof node !== 'object') return [];
  const n = node as Record<string, unknown>;
  return [...(n.type === 'postback' && typeof n.data === 'string' ? [n.data] : []), ...Object.values(n).flatMap((v) => (typeof v === 'object' ? datas(v) : []))];
}

const ticket: TicketCardView = {
  ticketId: ID,
  label: 'A023',
  serviceCode: 'civil-registration',
  serviceName: 'งานทะเบียนราษฎรและบัตรประชาชน',
  status: 'waiting',
  ahead: 4,
  waitText: 'ประมาณ 15-25 นาที',
  counterText: 'ช่องบริการ 1, 2',
  takenAtText: '10.15 น.',
};

describe('queue flex messages', () => {
  it('when a waiting ticket is built, then it shows the label, people ahead, the wait range and refresh/cancel/rules', () => {
    const message = buildTicketCard(ticket, th);
    expect(findLimitProblems([message])).toEqual([]);
    expect(message.altText).toBe('บัตรคิว A023 คิวก่อนหน้า 4 คน (ประมาณ 15-25 นาที)');
    const all = texts(message.contents);
    expect(all).toEqual(expect.arrayContaining(['A023', 'รอเรียกคิว', 'คิวก่อนหน้า', '4 คน', 'ประมาณ 15-25 นาที', 'ช่องบริการ 1, 2', '10.15 น.']));
    expect(datas(message.contents)).toEqual([`v=1&a=queue.status&t=${ID}`, `v=1&a=queue.cancel&t=${ID}`, 'v=1&a=queue.rules&s=civil-registration']);
  });

  it('when a ticket is no longer active, then it has no refresh or cancel, and its status is said', () => {
    const message = buildTicketCard({ ...ticket, status: 'served', note: 'หมายเหตุ' }, en);
    expect(findLimitProblems([message])).toEqual([]);
    expect(message.altText).toBe('Ticket A023: Served');
    expect(datas(message.contents)).toEqual(['v=1&a=queue.rules&s=civil-registration']);
    expect(texts(message.contents)).not.toContain('Ahead of you');
  });

  it('when twelve long-named services are listed, then the carousel stays within LINE limits', () => {
    const services = Array.from({ length: 14 }, (_, i) => ({
      code: `service-${i}`,
      name: 'ลงทะเบียนเบี้ยยังชีพผู้สูงอายุและผู้พิการ'.repeat(2),
      departmentName: 'กองสวัสดิการสังคม',
      openNow: i % 2 === 0,
      statusText: i % 2 === 0 ? 'เปิดให้บริการ' : 'ปิดอยู่ เปิดอีกครั้ง 24 พ.ย. 2569 08.30 น.',
      hoursLines: ['จันทร์-ศุกร์ 08.30-16.30 น. (พักเที่ยง 12.00-13.00 น.)', 'เสาร์ 09.00-12.00 น. (เปิดบริการช่วงพักเที่ยง)'],
      waiting: i,
    }));
    const message = buildServicePicker(services, th);
    expect(findLimitProblems([message])).toEqual([]);
    expect(message.contents.type === 'carousel' && message.contents.contents).toHaveLength(12);
    expect(datas(message.contents)).toContain('v=1&a=queue.take&s=service-0');
  });

  it('when rules are built, then how it works, no-show, documents and hours appear', () => {
    const message = buildServiceRules(
      { serviceCode: 'building-permit', serviceName: 'ขออนุญาตก่อสร้างอาคาร', hoursLines: ['จันทร์-ศุกร์ 08.30-16.00 น.'], howItWorks: 'รอเรียกตามลำดับ', noShow: 'เกิน 10 นาที ยกเลิก', documents: ['แบบแปลน', 'โฉนด'] },
      th,
    );
    expect(findLimitProblems([message])).toEqual([]);
    expect(texts(message.contents)).toEqual(expect.arrayContaining(['ขั้นตอนการรับบริการ', 'รอเรียกตามลำดับ', 'เกิน 10 นาที ยกเลิก', '• แบบแปลน', '• โฉนด', 'จันทร์-ศุกร์ 08.30-16.00 น.']));
    const none = buildServiceRules({ serviceCode: 'x1', serviceName: 'x', hoursLines: [], howItWorks: 'a', noShow: 'b', documents: [] }, th);
    expect(texts(none.contents)).toContain('ไม่ต้องใช้เอกสาร');
    expect(findLimitProblems([none])).toEqual([]);
  });

  it('when the no-show notice is built, then the rejoin button appears only while allowed, and a refusal says why', () => {
    const base = { ticketId: ID, label: 'A023', serviceName: 'งานทะเบียน', minutes: 10 };
    const can = buildNoShowNotice({ ...base, rejoin: 'allowed' }, th);
    const used = buildNoShowNotice({ ...base, rejoin: 'used' }, th);
    const closed = buildNoShowNotice({ ...base, rejoin: 'closedToday', nextOpenText: '24 พ.ย. 2569 08.30 น.' }, th);
    expect(findLimitProblems([can, used, closed] as Message[])).toEqual([]);
    expect(datas(can.contents)).toEqual([`v=1&a=queue.rejoin&t=${ID}`]);
    expect(datas(used.contents)).toEqual([]);
    expect(datas(closed.contents)).toEqual([]);
    expect(can.altText).toBe('บัตรคิว A023 ถูกยกเลิกเพราะไม่มาแสดงตัว');
    expect(texts(can.contents)).toContain('เจ้าหน้าที่เรียกบัตรคิว A023 (งานทะเบียน) แล้ว แต่ไม่มีผู้มาแสดงตัวภายใน 10 นาที บัตรคิวจึงถูกยกเลิก');
    expect(texts(used.contents)).toContain('บัตรคิวนี้ต่อท้ายคิวไปแล้ว 1 ครั้ง หากต้องการรับบริการ กรุณารับบัตรคิวใหม่');
    expect(texts(closed.contents)).toContain('ขณะนี้หมดเวลาให้บริการของวันนี้แล้ว จึงต่อท้ายคิวไม่ได้ หากยังต้องการรับบริการ กรุณารับบัตรคิวใหม่เมื่อเปิดทำการ 24 พ.ย. 2569 08.30 น.');
  });

  it('when the officer card and summary are built, then they carry the counter actions and the figures', () => {
    const card = buildCalledTicket(
      { ticketId: ID, label: 'B007', serviceName: 'ชำระภาษี', counterNo: 3, channelText: 'ผ่าน LINE', calledAtText: '10.20 น.', waitedText: '12 นาที', callCount: 1, waitingAfter: 5, transferredFromText: 'A002' },
      th,
    );
    expect(findLimitProblems([card])).toEqual([]);
    expect(card.altText).toBe('เรียกบัตรคิว B007 ที่ช่องบริการ 3');
    expect(datas(card.contents)).toEqual(['served', 'arrived', 'recall', 'skip', 'transfer'].map((a) => `v=1&a=queue.${a}&t=${ID}`));
    expect(texts(card.contents)).toEqual(expect.arrayContaining(['B007', 'เชิญที่ช่องบริการ 3', '12 นาที', '5 คน', 'A002']));

    const summary = buildDailySummary(
      { dateText: '23 พ.ย. 2569', rows: Array.from({ length: 10 }, (_, i) => ({
          serviceName: `บริการ ${i}`,
          issued: 40,
          served: 30,
          skipped: 2,
          noShows: 3,
          waiting: 5,
          transfersOutText: '1 (A001 → B003)',
          transfersInText: '0',
          averageWaitText: '12.5 นาที',
          averageServiceText: 'ไม่มีข้อมูล',
        })) },
      th,
    );
    expect(findLimitProblems([summary])).toEqual([]);
    expect(summary.altText).toBe('สรุปคิววันที่ 23 พ.ย. 2569');
    expect(texts(summary.contents)).toEqual(expect.arrayContaining(['บริการ 0', 'ให้บริการแล้ว', '30', '12.5 นาที', 'ย้ายไปบริการอื่น', '1 (A001 → B003)']));
    expect(texts(buildDailySummary({ dateText: 'x', rows: [] }, th).contents)).toContain('ไม่มีบริการ');
  });
});
