import { buildCaseDetail, buildCaseNotice, buildNewCaseCard, casePostback } from '../../../flex-messages/officers/case-cards';
import type { FlexMessage } from '../../../src/line/types';
import { buildMyCases, buildOverdueList } from '../../../flex-messages/officers/case-lists';
import type { CaseCardView, CaseDetailView, CaseListItemView } from '../../../flex-messages/officers/views';
import { translator } from '../../../src/i18n';
import { findLimitProblems } from '../../../src/line/limits';

const th = translator('th');
const en = translator('en');
const ID = '6b02353768c6f9ea563948b9';

const card: CaseCardView = {
  caseId: ID,
  number: 'C2570-00042',
  categoryName: 'ถนน/ทางเท้าชำรุด',
  departmentName: 'กองช่าง',
  statusLabel: 'รับเรื่องแล้ว',
  excerpt: 'ถนนหน้าโรงเรียนเป็นหลุมลึก',
  photoUrl: 'https://oa.example.go.th/photos/abc?exp=1&sig=x',
  mapUrl: 'https://www.google.com/maps/search/?api=1&query=13.756300,100.501800',
  address: 'ถนนเทศบาล 3',
  filedAt: '1 มี.ค. 2570 09.00 น.',
  dueAt: '16 มี.ค. 2570',
  overdue: false,
  channelLabel: 'LINE',
  actions: ['accept'],
  offersDetail: true,
};

const json = (v: unknown) => JSON.stringify(v);

describe('buildNewCaseCard', () => {
  it('when built, then it is within LINE limits and shows number, category, excerpt, photo, map, dates, accept and details', () => {
    const message = buildNewCaseCard(card, th);
    expect(findLimitProblems([message])).toEqual([]);
    expect(message.altText).toBe('เรื่องใหม่ C2570-00042 ถนน/ทางเท้าชำรุด กำหนดเสร็จ 16 มี.ค. 2570');
    const body = json(message);
    for (const part of ['C2570-00042', 'ถนนหน้าโรงเรียนเป็นหลุมลึก', card.photoUrl, card.mapUrl, '1 มี.ค. 2570 09.00 น.', casePostback('accept', ID), casePostback('detail', ID)]) expect(body).toContain(part);
  });

  it('when the case was forwarded, then the card says from where and why', () => {
    const message = buildNewCaseCard({ ...card, forwardedFrom: { departmentName: 'สำนักปลัดเทศบาล', reason: 'เป็นงานถนน' } }, en);
    expect(message.altText).toBe('Forwarded case C2570-00042 ถนน/ทางเท้าชำรุด, due 16 มี.ค. 2570');
    expect(json(message)).toContain('เป็นงานถนน');
    expect(json(message)).toContain('สำนักปลัดเทศบาล');
  });

  it('when there is no photo or pin, then there is no hero and no map button', () => {
    const message = buildNewCaseCard({ ...card, photoUrl: undefined, mapUrl: undefined }, th);
    expect(findLimitProblems([message])).toEqual([]);
    expect(json(message)).not.toContain('"hero"');
    expect(json(message)).not.toContain('google.com/maps');
  });
});

describe('the buttons of a card or notice, by reader', () => {
  it('when the complaint centre reads the card, then it may forward and see details but not accept', () => {
    const body = json(buildNewCaseCard({ ...card, actions: ['forward'] }, th));
    expect(body).toContain(casePostback('forward', ID));
    expect(body).toContain(casePostback('detail', ID));
    expect(body).not.toContain(casePostback('accept', ID));
  });

  it('when the admins read the card, then it has no case button at all (only the map), within LINE limits', () => {
    const message = buildNewCaseCard({ ...card, actions: [], offersDetail: false }, th);
    expect(findLimitProblems([message])).toEqual([]);
    expect(json(message)).not.toContain('"postback"');
    expect(json(message)).toContain('google.com/maps');
    expect(json(buildNewCaseCard({ ...card, actions: [], offersDetail: false, mapUrl: undefined }, th))).not.toContain('"footer"');
  });

  it('when a notice has buttons, then it is a bubble carrying them with its text as altText; without, a plain text', () => {
    const short = 'ผู้แจ้งตอบคำถามเรื่อง C2570-00042 แล้ว:\nฝั่งขาออก';
    const notice = buildCaseNotice({ caseId: ID, text: short, actions: ['accept'] }, th) as FlexMessage;
    expect(notice.altText).toBe(short);
    expect(json(notice)).toContain(casePostback('accept', ID));
    const long = buildCaseNotice({ caseId: ID, text: `${short} ${'ฝั่งขาออก '.repeat(200)}`, actions: ['accept'] }, th) as FlexMessage;
    expect(findLimitProblems([long])).toEqual([]);
    expect(long.altText).toHaveLength(400);
    expect(long.altText.endsWith('…')).toBe(true);
    expect(buildCaseNotice({ caseId: ID, text: 'สั้น', actions: [] }, th)).toEqual({ type: 'text', text: 'สั้น' });
  });
});

describe('buildCaseDetail', () => {
  const detail: CaseDetailView = {
    ...card,
    description: 'ถนนหน้าโรงเรียนเป็นหลุมลึก รถจักรยานยนต์ล้มแล้วสองคัน '.repeat(20),
    phone: '0812345678',
    history: Array.from({ length: 5 }, (_, i) => ({ at: `${i + 1} มี.ค. 2570 09.00 น.`, label: 'บันทึกความคืบหน้า', note: 'ส่งทีมช่างไปตรวจสอบแล้ว'.repeat(5) })),
    actions: ['update', 'ask', 'resolve', 'forward', 'refer', 'delayReason'],
    holderName: 'สมชาย ช่างดี',
    delayReason: 'รอวัสดุ',
  };

  it('when built for the holder, then the phone, a call button and every action button are there, within limits', () => {
    const message = buildCaseDetail(detail, th);
    expect(findLimitProblems([message])).toEqual([]);
    const body = json(message);
    expect(body).toContain('0812345678');
    expect(body).toContain('tel:0812345678');
    for (const action of detail.actions) expect(body).toContain(casePostback(action, ID));
  });

  it('when built for someone else, then there is no phone and no buttons', () => {
    const message = buildCaseDetail({ ...detail, phone: undefined, actions: [] }, th);
    expect(json(message)).not.toContain('0812345678');
    expect(json(message)).not.toContain('officers.resolve');
  });
});

describe('lists', () => {
  const item = (i: number, flag?: CaseListItemView['flag']): CaseListItemView => ({
    caseId: ID,
    number: `C2570-${String(i).padStart(5, '0')}`,
    categoryName: 'ขยะมูลฝอย',
    statusLabel: 'อยู่ระหว่างดำเนินการ',
    excerpt: 'มีขยะกองอยู่หน้าตลาดสดเป็นเวลาหลายวัน ส่งกลิ่นเหม็นมาก',
    dueAt: '16 มี.ค. 2570',
    overdue: i % 2 === 0,
    holderName: i % 3 === 0 ? undefined : 'สมชาย ช่างดี',
    flag,
  });

  it('when an officer has 12 cases, then the carousel holds 12 bubbles within 50 KB', () => {
    const message = buildMyCases(Array.from({ length: 14 }, (_, i) => item(i + 1)), 14, th);
    expect(findLimitProblems([message])).toEqual([]);
    expect((message.contents as { contents: unknown[] }).contents).toHaveLength(12);
    expect(message.altText).toBe('งานของฉัน 14 เรื่อง');
  });

  it('when a department has many late cases, then the head list shows 15 and says how many more', () => {
    const items = Array.from({ length: 15 }, (_, i) => item(i + 1, i % 2 ? 'unaccepted' : 'overdue'));
    const message = buildOverdueList(items, 20, 'กองช่าง', th);
    expect(findLimitProblems([message])).toEqual([]);
    expect(message.altText).toBe('กองช่าง: เรื่องเลยกำหนดหรือค้างรับ 20 เรื่อง');
    expect(json(message)).toContain('และอีก 5 เรื่อง');
    expect(json(message)).toContain('ยังไม่มีผู้รับ');
  });
});
