import { Types } from 'mongoose';
import type { ComplaintDoc } from '../../../src/features/complaints/complaint.model';
import { accessProblem, availableActions, mayView, type ActiveOfficer } from '../../../src/features/officers/case-access';
import { pingPongProblem } from '../../../src/features/officers/forward.flow';
import { duePoints } from '../../../src/features/officers/deadlines.job';
import { delayNotice } from '../../../src/features/officers/delay-notice';
import { settingsSchema } from '../../../src/features/municipality/settings';
import { DIGEST_MAX_LINES, escalationText, type Escalation } from '../../../src/features/officers/escalations';
import { translator } from '../../../src/i18n';

const T0 = new Date('2027-03-01T02:00:00Z'); // 09.00 Bangkok
const DAY = 86_400_000;
const settings = settingsSchema.parse({}).complaints;

function officer(lineUserId: string, departmentCode: string, roles: string[] = ['officer'], atComplaintCentre = false): ActiveOfficer {
  return { _id: new Types.ObjectId(), lineUserId, name: lineUserId, departmentCode, roles, active: true, registeredAt: T0, atComplaintCentre } as unknown as ActiveOfficer;
}

function doc(over: Partial<ComplaintDoc> = {}): ComplaintDoc {
  return {
    _id: new Types.ObjectId(),
    number: 'C2570-00001',
    citizenId: 'U_citizen',
    followers: [],
    channel: 'line',
    categoryCode: 'road',
    departmentCode: 'public-works',
    description: 'หลุม',
    photos: [],
    status: 'received',
    dueAt: new Date(T0.getTime() + 15 * DAY),
    filedAt: T0,
    holder: null,
    history: [],
    forwards: [],
    ...over,
  } as ComplaintDoc;
}

describe('who may do what (accessProblem)', () => {
  const a = officer('A', 'public-works');
  const b = officer('B', 'public-works');
  const head = officer('H', 'public-works', ['officer', 'head']);
  const other = officer('X', 'health-env');
  const held = doc({ status: 'accepted', holder: { id: 'A', name: 'A' } });
  const key = (e: ReturnType<typeof accessProblem>) => e?.messageKey;

  it.each([
    ['an officer of the department accepts a received case', a, doc(), 'accept', undefined],
    ['an officer of another department accepts', other, doc(), 'accept', 'officers.errors.wrongDepartment'],
    ['anyone accepts a case already accepted', b, held, 'accept', 'officers.errors.wrongState'],
    ['the holder updates', a, held, 'update', undefined],
    ['a colleague updates', b, held, 'update', 'officers.errors.notHolder'],
    ['the department head updates', head, held, 'update', undefined],
    ['another department resolves', other, held, 'resolve', 'officers.errors.wrongDepartment'],
    ['an officer forwards a received case (triage)', b, doc(), 'forward', undefined],
    ['a colleague forwards an accepted case', b, held, 'forward', 'officers.errors.notHolder'],
    ['the holder resolves a received case', a, doc({ holder: { id: 'A' } }), 'resolve', 'officers.errors.wrongState'],
    ['the holder resolves a closed case', a, doc({ status: 'closed', holder: { id: 'A' } }), 'resolve', 'officers.errors.wrongState'],
    ['the holder asks on a walk-in case', a, doc({ status: 'accepted', holder: { id: 'A' }, citizenId: undefined }), 'ask', 'officers.errors.noCitizen'],
    ['the holder explains a delay on a closed case', a, doc({ status: 'resolved', holder: { id: 'A' } }), 'delayReason', 'officers.errors.wrongState'],
  ] as const)('when %s, then the refusal (if any) is the listed one', (_label, who, c, action, expected) => {
    expect(key(accessProblem(who, c, action))).toBe(expected);
  });

  it('when a complaint centre officer meets another department\'s case nobody holds, then they may see it and forward it, nothing else; once held, nothing', () => {
    const centre = officer('C', 'clerk', ['officer'], true);
    const returned = doc({ status: 'in_progress', holder: null });
    for (const c of [doc(), returned]) {
      expect(availableActions(centre, c)).toEqual(['forward']);
      expect(mayView(centre, c)).toBe(true);
    }
    expect(key(accessProblem(centre, held, 'forward'))).toBe('officers.errors.wrongDepartment');
    expect(mayView(centre, held)).toBe(false);
    expect(key(accessProblem(centre, doc({ status: 'closed' }), 'forward'))).toBe('officers.errors.wrongDepartment');
    expect(availableActions(officer('Y', 'clerk'), doc())).toEqual([]);
  });

  it('when the holder views an accepted case, then the buttons are the holder actions only', () => {
    expect(availableActions(a, held)).toEqual(['update', 'ask', 'resolve', 'forward', 'refer', 'delayReason']);
    expect(availableActions(b, held)).toEqual([]);
    expect(availableActions(b, doc())).toEqual(['accept', 'forward', 'refer']);
  });
});

describe('ping-pong guard', () => {
  const forwarded = doc({ departmentCode: 'health-env', forwards: [{ at: T0, fromDepartmentCode: 'public-works', toDepartmentCode: 'health-env', reason: 'r', by: {} }] });
  it('when sending back within 24 hours, then an officer is stopped and a head is not', () => {
    expect(pingPongProblem(officer('X', 'health-env'), forwarded, 'public-works', new Date(T0.getTime() + DAY - 1))).toBeDefined();
    expect(pingPongProblem(officer('H', 'health-env', ['officer', 'head']), forwarded, 'public-works', new Date(T0.getTime() + 1))).toBeUndefined();
  });
  it('when 24 hours have passed or the target is a third department, then it is allowed', () => {
    expect(pingPongProblem(officer('X', 'health-env'), forwarded, 'public-works', new Date(T0.getTime() + DAY))).toBeUndefined();
    expect(pingPongProblem(officer('X', 'health-env'), forwarded, 'clerk', new Date(T0.getTime() + 1))).toBeUndefined();
  });
});

describe('deadline points (duePoints)', () => {
  const keys = (now: Date, c = doc({ status: 'accepted', holder: { id: 'A' } })) => duePoints(c, settings, now).map((p) => p.key.split(':')[0] + (p.kind === 'reminder' ? `:${p.daysBefore}` : ''));

  it.each([
    ['the day after filing, unaccepted', doc(), new Date(T0.getTime() + DAY), ['unaccepted']],
    ['08.00 three days before the due date', undefined, new Date('2027-03-13T01:00:00Z'), ['reminder:3']],
    ['07.59 three days before', undefined, new Date('2027-03-13T00:59:00Z'), []],
    ['08.00 on the due day', undefined, new Date('2027-03-16T01:00:00Z'), ['reminder:3', 'reminder:0']],
    ['after the due time', undefined, new Date('2027-03-16T02:00:00Z'), ['overdue']],
  ] as const)('when it is %s, then exactly the listed points are due', (_label, c, now, expected) => {
    expect(keys(now, c ?? undefined)).toEqual(expected);
  });

  it('when the case was forwarded, then the acceptance clock starts at the forward', () => {
    const c = doc({ forwards: [{ at: new Date(T0.getTime() + 2 * DAY), fromDepartmentCode: 'clerk', toDepartmentCode: 'public-works', reason: 'r', by: {} }] });
    expect(keys(new Date(T0.getTime() + 2.5 * DAY), c)).toEqual([]);
    expect(keys(new Date(T0.getTime() + 3 * DAY), c)).toEqual(['unaccepted']);
  });

  it('when a case under way came back from a revoked holder, then "not taken" is counted from its return, and stops once someone takes it over', () => {
    const left = { at: new Date(T0.getTime() + 4 * DAY), actor: { kind: 'system' as const }, from: 'in_progress' as const, to: 'in_progress' as const, kind: 'holderLeft' as const, photos: [], holder: { id: 'A' } };
    const returned = doc({ status: 'in_progress', holder: null, history: [left] });
    expect(keys(new Date(T0.getTime() + 4.5 * DAY), returned)).toEqual([]);
    expect(duePoints(returned, settings, new Date(T0.getTime() + 5 * DAY))).toEqual([{ kind: 'unaccepted', key: `unaccepted:${String(returned._id)}:${left.at.toISOString()}`, at: new Date(T0.getTime() + 5 * DAY) }]);
    const takenOver = { ...left, at: new Date(T0.getTime() + 4.2 * DAY), kind: 'takenOver' as const, actor: { kind: 'officer' as const, id: 'B' } };
    expect(keys(new Date(T0.getTime() + 5 * DAY), doc({ status: 'in_progress', holder: { id: 'B' }, history: [left, takenOver] }))).toEqual([]);
  });

  it('when an accepted report has no holder or history (a confidential report shaped as a case), then it is never "not taken"', () => {
    const report = { _id: 'r1', status: 'accepted' as const, dueAt: new Date(T0.getTime() + 15 * DAY), filedAt: T0, forwards: [] };
    expect(duePoints(report, settings, new Date(T0.getTime() + 5 * DAY))).toEqual([]);
  });

  it('when the due time is before 08.00 Bangkok (filed at night), then the due-day reminder still goes, before the due time', () => {
    const c = doc({ status: 'accepted', holder: { id: 'A' }, filedAt: new Date('2027-03-01T00:30:00Z'), dueAt: new Date('2027-03-16T00:30:00Z') }); // 07.30 Bangkok
    expect(keys(new Date('2027-03-15T22:29:00Z'), c)).toEqual(['reminder:3']);
    expect(keys(new Date('2027-03-15T22:30:00Z'), c)).toEqual(['reminder:3', 'reminder:0']);
    expect(duePoints(c, settings, new Date('2027-03-16T00:29:00Z')).find((p) => p.kind === 'reminder' && p.daysBefore === 0)?.at).toEqual(new Date('2027-03-15T22:30:00Z'));
  });

  it('when a short case is filed after a reminder point, then that point is skipped', () => {
    const c = doc({ status: 'accepted', dueAt: new Date(T0.getTime() + DAY) });
    expect(keys(new Date(T0.getTime() + DAY - 1), c)).toEqual(['reminder:0']);
  });
});

describe('delayNotice', () => {
  const waiting = { number: 'C2570-00001', delayReason: undefined, status: 'waiting_citizen' as const };
  const delay = { reason: 'รอวัสดุ', expectedAt: new Date(T0.getTime() + 5 * DAY), at: T0 };

  it('when the holder gave an estimate already past, then the standard extension date is used', () => {
    const message = delayNotice({ number: 'C2570-00001', delayReason: undefined, status: 'in_progress' }, { reason: 'รอวัสดุ', expectedAt: T0, at: T0 }, new Date(T0.getTime() + DAY), 'en', true);
    expect(message).toEqual({ type: 'text', text: 'Your case C2570-00001 is not finished by its due date because รอวัสดุ. We expect to finish it by 9 Mar 2027. We apologise for the delay.' });
  });

  it('when the officer is waiting for the owner and gave no reason, then the owner is asked for the answer instead of being told the officers are hurrying', () => {
    expect(delayNotice(waiting, null, T0, 'th', true)).toEqual({ type: 'text', text: 'เรื่อง C2570-00001 ของท่านเลยกำหนดเดิมแล้ว เจ้าหน้าที่กำลังรอข้อมูลเพิ่มเติมจากท่าน กรุณาตอบคำถามที่เจ้าหน้าที่ส่งไว้ เพื่อดำเนินการต่อ' });
  });

  it('when the officer is waiting for the owner and gave a reason and date, then the owner gets that reason and date, then the request to answer', () => {
    expect(delayNotice(waiting, delay, T0, 'th', true)).toEqual({
      type: 'text',
      text: 'เรื่อง C2570-00001 ของท่านยังดำเนินการไม่แล้วเสร็จตามกำหนด เนื่องจาก รอวัสดุ คาดว่าจะแล้วเสร็จภายใน 6 มี.ค. 2570 ขออภัยในความล่าช้า\nเจ้าหน้าที่กำลังรอข้อมูลเพิ่มเติมจากท่าน กรุณาตอบคำถามที่เจ้าหน้าที่ส่งไว้ เพื่อดำเนินการต่อ',
    });
  });

  it('when the officer is waiting for the owner, then a follower is not asked to answer: the reason given, or the standard notice', () => {
    expect(delayNotice(waiting, delay, T0, 'th', false)).toEqual({ type: 'text', text: 'เรื่อง C2570-00001 ของท่านยังดำเนินการไม่แล้วเสร็จตามกำหนด เนื่องจาก รอวัสดุ คาดว่าจะแล้วเสร็จภายใน 6 มี.ค. 2570 ขออภัยในความล่าช้า' });
    expect(delayNotice(waiting, null, T0, 'th', false)).toEqual({ type: 'text', text: 'เรื่อง C2570-00001 ของท่านยังอยู่ระหว่างดำเนินการและเลยกำหนดเดิมแล้ว เจ้าหน้าที่กำลังเร่งดำเนินการ คาดว่าจะแล้วเสร็จภายใน 8 มี.ค. 2570 ขออภัยในความล่าช้า' });
  });
});

describe('escalationText', () => {
  const t = translator('th');
  const item = (n: number, kind: 'overdue' | 'unaccepted' = 'overdue'): Escalation => ({
    doc: doc({ number: `C2570-${String(n).padStart(5, '0')}`, dueAt: new Date('2027-03-16T02:00:00Z'), holder: kind === 'overdue' ? { id: 'A', name: 'สมชาย' } : null }),
    kind,
    key: `${kind}:${n}`,
    category: { th: 'ถนน/ทางเท้าชำรุด' },
  });

  it('when one case is late, then the head reads the usual sentence', () => {
    expect(escalationText([item(1, 'unaccepted')], t, 'th', 1)).toBe('เรื่อง C2570-00001 (ถนน/ทางเท้าชำรุด) ยังไม่มีเจ้าหน้าที่รับเรื่อง เกิน 1 วันแล้ว กรุณาเตือนเจ้าหน้าที่ในหน่วยงาน หรือรับเรื่องเอง (พิมพ์ "เลยกำหนด" เพื่อดูรายการ)');
  });

  it('when 17 cases are late, then one message lists 15 and counts the rest', () => {
    const lines = escalationText([...Array.from({ length: 16 }, (_, i) => item(i + 1)), item(17, 'unaccepted')], t, 'th', 1).split('\n');
    expect(lines).toHaveLength(1 + DIGEST_MAX_LINES + 1);
    expect(lines[0]).toBe('มีเรื่องที่ต้องเร่งติดตาม 17 เรื่อง ดังนี้');
    expect(lines[1]).toBe('• C2570-00001 (ถนน/ทางเท้าชำรุด) เลยกำหนดเสร็จ 16 มี.ค. 2570 ผู้รับผิดชอบ: สมชาย');
    expect(lines.at(-1)).toBe('และอีก 2 เรื่อง พิมพ์ "เลยกำหนด" เพื่อดูทั้งหมด');
  });
});
