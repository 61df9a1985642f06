import { Types } from 'mongoose';
import type { ComplaintDoc } from '../../../src/features/complaints/complaint.model';
import { cardView, detailView, hideContactNumbers, listItemView } from '../../../src/features/officers/case-view';

const T0 = new Date('2027-03-01T02:00:00Z');
const names = { departments: new Map() };

function doc(description: string): ComplaintDoc {
  return {
    _id: new Types.ObjectId(),
    number: 'C2570-00001',
    citizenId: 'U_citizen',
    followers: [],
    channel: 'line',
    categoryCode: 'road',
    departmentCode: 'public-works',
    description,
    phone: '0812345678',
    photos: [],
    status: 'accepted',
    dueAt: new Date(T0.getTime() + 15 * 86_400_000),
    filedAt: T0,
    holder: { id: 'U_a', name: 'สมชาย' },
    history: [{ at: T0, actor: { kind: 'citizen', id: 'U_citizen' }, from: 'waiting_citizen', to: 'in_progress', kind: 'answer', note: 'โทรกลับที่ 089 876 5432 ได้ครับ', photos: [] }],
    forwards: [],
    location: { latitude: 13.7, longitude: 100.5, address: 'บ้านเลขที่ 12 ถนนเทศบาล 3' },
  } as unknown as ComplaintDoc;
}

describe('hideContactNumbers', () => {
  it.each([
    ['โทร 081-234-5678 ครับ', 'โทร *** ครับ'],
    ['เบอร์ ๐๘๑๒๓๔๕๖๗๘', 'เบอร์ ***'],
    ['ติดต่อ +66 81 234 5678', 'ติดต่อ ***'],
    ['บัตร 1-1020-00123-45-6 ครับ', 'บัตร *** ครับ'],
    ['บ้านเลขที่ 99/1 หมู่ 3 ห่าง 200 เมตร ปี 2569', 'บ้านเลขที่ 99/1 หมู่ 3 ห่าง 200 เมตร ปี 2569'],
  ])('when the text is "%s", then it reads "%s"', (input, expected) => {
    expect(hideContactNumbers(input)).toBe(expected);
  });
});

describe('what officers who do not hold the case see', () => {
  const c = doc('ถนนหน้าบ้านเป็นหลุม ติดต่อ 081-234-5678 ได้ตลอด');

  it('when the department card and list are built, then a phone typed into the description is hidden', () => {
    expect(cardView(c, names, 'th', T0).excerpt).toBe('ถนนหน้าบ้านเป็นหลุม ติดต่อ *** ได้ตลอด');
    expect(listItemView(c, names, 'th', T0).excerpt).not.toContain('5678');
  });

  it('when a colleague opens the details, then neither the description nor the citizen answer shows a phone; the holder sees both', () => {
    const colleague = detailView(c, names, 'th', T0, { showPhone: false, actions: [] });
    expect(colleague.phone).toBeUndefined();
    expect(JSON.stringify(colleague)).not.toMatch(/5678|5432/);
    const holder = detailView(c, names, 'th', T0, { showPhone: true, actions: [] });
    expect(holder).toMatchObject({ phone: '0812345678', description: c.description });
    expect(holder.history[0].note).toBe('โทรกลับที่ 089 876 5432 ได้ครับ');
  });

  it('when the case came by forward with a reason naming a phone, and a delay reason names one, then the card and a colleague see neither', () => {
    const forwarded = {
      ...c,
      delayReason: 'รอผู้รับเหมา โทร 089-111-2222',
      forwards: [{ at: T0, fromDepartmentCode: 'health-env', toDepartmentCode: 'public-works', reason: 'ผู้แจ้งให้โทร 0812345678 ก่อนเข้าพื้นที่', by: { id: 'U_b' } }],
    } as ComplaintDoc;
    expect(cardView(forwarded, names, 'th', T0, 'forwarded').forwardedFrom?.reason).toBe('ผู้แจ้งให้โทร *** ก่อนเข้าพื้นที่');
    expect(detailView(forwarded, names, 'th', T0, { showPhone: false, actions: [] }).delayReason).toBe('รอผู้รับเหมา โทร ***');
    expect(detailView(forwarded, names, 'th', T0, { showPhone: true, actions: [] }).delayReason).toBe('รอผู้รับเหมา โทร 089-111-2222');
  });
});
