import { useTestDatabase } from '../../support/db';
import { clock } from '../../../src/shared/clock';
import { AppError } from '../../../src/shared/errors';
import { onDomainEvent, type DomainEvents } from '../../../src/shared/domain-events';
import { ComplaintModel } from '../../../src/features/complaints/complaint.model';
import { loadDemoData } from '../../../src/features/complaints/demo-data';
import {
  acceptCase,
  addProgress,
  askCitizen,
  fileComplaint,
  findCaseForCitizen,
  forwardCase,
  getCase,
  referCase,
  releaseHolder,
  resolveCase,
  takeOver,
  type Actor,
} from '../../../src/features/complaints/complaints.service';
import { OutboxModel } from '../../../src/notifications/outbox.model';
import { storePhoto } from '../../../src/features/photos/photos.service';
import { addOfficer, phoneJpeg } from './helpers';

const db = useTestDatabase();
const now = () => clock.now();
const A: Actor = { kind: 'officer', id: 'U_pw_a' };
const B: Actor = { kind: 'officer', id: 'U_pw_b' };
const HEAD: Actor = { kind: 'officer', id: 'U_pw_head' };
const CLERK: Actor = { kind: 'officer', id: 'U_clerk' };
const HEALTH: Actor = { kind: 'officer', id: 'U_health' };
const changes: DomainEvents['complaint.statusChanged'][] = [];
onDomainEvent('complaint.statusChanged', (e) => {
  changes.push(e);
});

beforeEach(async () => {
  await db.clear();
  await loadDemoData();
  await addOfficer(A.id!, 'อนุชา', 'public-works');
  await addOfficer(B.id!, 'บุญมี', 'public-works');
  await addOfficer(HEAD.id!, 'หัวหน้าวิชัย', 'public-works', ['officer', 'head']);
  await addOfficer(CLERK.id!, 'ธุรการ', 'clerk');
  await addOfficer(HEALTH.id!, 'สาธารณสุข', 'health-env');
  changes.length = 0;
  clock.freeze('2026-11-21T03:00:00Z');
});
afterEach(() => clock.reset());

const file = (overrides: Partial<Parameters<typeof fileComplaint>[0]> = {}) =>
  fileComplaint({ citizenId: 'U_c', channel: 'line', categoryCode: 'street-light', description: 'ไฟถนนดับทั้งซอย มืดมาก', photos: [], location: { latitude: 18.79, longitude: 98.98 }, ...overrides }, now());

async function expectError(p: Promise<unknown>, kind: string, key: string): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect(err).toMatchObject({ kind, messageKey: key });
  return err as AppError;
}

describe('complaints service', () => {
  it('when 50 complaints are filed at once, then they get 50 distinct sequential numbers', async () => {
    const docs = await Promise.all(Array.from({ length: 50 }, (_, i) => file({ citizenId: `U_${i}` })));
    const numbers = docs.map((d) => d.number).sort();
    expect(new Set(numbers).size).toBe(50);
    expect(numbers[0]).toBe('C2569-00001');
    expect(numbers[49]).toBe('C2569-00050');
    expect(await ComplaintModel.countDocuments()).toBe(50);
  });

  it('when the Buddhist-era year changes, then numbering starts again at 1', async () => {
    await file();
    clock.freeze('2026-12-31T17:30:00Z'); // 1 Jan 2570, 00.30 in Bangkok
    expect((await file()).number).toBe('C2570-00001');
  });

  it('when a walk-in complaint is filed by an officer, then it has no citizen and records the officer', async () => {
    const doc = await fileComplaint({ channel: 'walk_in', categoryCode: 'garbage', description: 'ขยะไม่ได้เก็บมาหนึ่งสัปดาห์', photos: [], location: { latitude: 18.7, longitude: 98.9 }, phone: '053-123-456', filedBy: { kind: 'officer', id: CLERK.id, name: 'ธุรการ' } }, now());
    expect(doc).toMatchObject({ channel: 'walk_in', departmentCode: 'health-env', phone: '053123456', filedBy: { kind: 'officer', id: CLERK.id } });
    expect(doc.citizenId).toBeUndefined();
  });

  it.each([
    [{ categoryCode: 'nope' }, 'complaints.errors.unknownCategory'],
    [{ categoryCode: 'fire' }, 'complaints.errors.urgentCategory'],
    [{ description: 'สั้น' }, 'complaints.errors.descriptionLength'],
    [{ location: undefined }, 'complaints.errors.locationRequired'],
    [{ categoryCode: 'road', photos: [] }, 'complaints.errors.photoRequired'],
    [{ phone: '123' }, 'complaints.errors.phoneInvalid'],
  ])('when filing with %o, then it is refused with %s', async (overrides, key) => {
    await expectError(file(overrides as never), 'user_input', key);
  });

  it('when two officers accept at once, then one holds the case and the other is told who', async () => {
    const doc = await file();
    const id = doc._id.toHexString();
    const results = await Promise.allSettled([acceptCase(id, A, now()), acceptCase(id, B, now())]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ kind: 'conflict', messageKey: 'complaints.errors.alreadyAccepted' });
    const holder = (await getCase(id))!.holder!;
    expect(['อนุชา', 'บุญมี']).toContain(holder.name);
    expect(rejected.reason.params).toEqual({ name: holder.name });
    expect(changes.filter((c) => c.to === 'accepted')).toHaveLength(1);
  });

  it('when an officer of another department, a revoked officer or a citizen tries to accept, then they are refused', async () => {
    const id = (await file())._id.toHexString();
    await expectError(acceptCase(id, HEALTH, now()), 'forbidden', 'complaints.errors.notYourDepartment');
    await expectError(acceptCase(id, { kind: 'officer', id: 'U_unknown' }, now()), 'forbidden', 'complaints.errors.officersOnly');
    await expectError(acceptCase(id, { kind: 'citizen', id: 'U_c' }, now()), 'forbidden', 'complaints.errors.officersOnly');
    expect((await getCase(id))!.status).toBe('received');
  });

  it('when someone who is not the holder updates the case, then only the head of the department may', async () => {
    const id = (await file())._id.toHexString();
    await acceptCase(id, A, now());
    await expectError(addProgress(id, B, { note: 'กำลังไปดู' }, now()), 'forbidden', 'complaints.errors.heldByOther');
    await expectError(addProgress(id, HEALTH, { note: 'กำลังไปดู' }, now()), 'forbidden', 'complaints.errors.notYourCase');
    const updated = await addProgress(id, HEAD, { note: 'สั่งการให้ทีมไฟฟ้าเข้าพื้นที่พรุ่งนี้' }, now());
    expect(updated.status).toBe('in_progress');
    expect(updated.history.at(-1)).toMatchObject({ actor: { kind: 'officer', id: HEAD.id, name: 'หัวหน้าวิชัย' }, from: 'accepted', to: 'in_progress', note: 'สั่งการให้ทีมไฟฟ้าเข้าพื้นที่พรุ่งนี้' });
  });

  it('when a progress note comes after the due date, then it is kept as the reason for the delay', async () => {
    const id = (await file())._id.toHexString();
    await acceptCase(id, A, now());
    clock.advance(8 * 86_400_000);
    const doc = await addProgress(id, A, { note: 'รออะไหล่หลอดไฟจากผู้รับจ้าง' }, now());
    expect(doc.delayReason).toBe('รออะไหล่หลอดไฟจากผู้รับจ้าง');
  });

  it('when a case is resolved without an after-photo, then it is refused; with one it is resolved', async () => {
    const id = (await file())._id.toHexString();
    await acceptCase(id, A, now());
    await expectError(resolveCase(id, A, { note: 'เสร็จแล้ว', photos: [] }, now()), 'user_input', 'complaints.errors.afterPhotoRequired');
    const photo = await storePhoto(await phoneJpeg());
    const doc = await resolveCase(id, A, { note: 'เปลี่ยนหลอดแล้ว', photos: [photo] }, now());
    expect(doc).toMatchObject({ status: 'resolved', resolvedAt: now() });
    await expectError(resolveCase(id, A, { note: 'เปลี่ยนหลอดแล้ว', photos: [photo] }, now()), 'conflict', 'complaints.errors.notAllowedNow');
  });

  it('when the officer asks the citizen, then the question is pushed once with the answer button', async () => {
    const id = (await file())._id.toHexString();
    await acceptCase(id, A, now());
    await askCitizen(id, A, { question: 'ขอทราบจุดสังเกตใกล้เคียง' }, now());
    const outbox = await OutboxModel.find({ to: 'U_c', topic: 'complaints.statusChanged' }).lean();
    expect(outbox).toHaveLength(2);
    expect(JSON.stringify(outbox[1].messages)).toContain('ขอทราบจุดสังเกตใกล้เคียง');
    expect(JSON.stringify(outbox[1].messages)).toContain('a=complaints.answer');
  });

  it('when a case is forwarded and sent straight back, then only a head may send it back within 24 hours', async () => {
    const id = (await file({ categoryCode: 'other', location: undefined }))._id.toHexString();
    expect((await getCase(id))!.departmentCode).toBe('clerk');
    const moved = await forwardCase(id, CLERK, { toDepartmentCode: 'public-works', reason: 'เป็นเรื่องไฟฟ้าส่องสว่าง' }, now());
    expect(moved).toMatchObject({ departmentCode: 'public-works', status: 'received', holder: null });
    expect(moved.forwards).toEqual([expect.objectContaining({ fromDepartmentCode: 'clerk', toDepartmentCode: 'public-works', reason: 'เป็นเรื่องไฟฟ้าส่องสว่าง' })]);
    await acceptCase(id, A, now());
    await expectError(forwardCase(id, A, { toDepartmentCode: 'clerk', reason: 'ไม่ใช่งานของกองช่าง' }, now()), 'forbidden', 'complaints.errors.pingPong');
    await expectError(forwardCase(id, A, { toDepartmentCode: 'nowhere', reason: 'ไม่ใช่งานของกองช่าง' }, now()), 'user_input', 'complaints.errors.unknownDepartment');
    const back = await forwardCase(id, HEAD, { toDepartmentCode: 'clerk', reason: 'หัวหน้าพิจารณาแล้วให้ส่งคืน' }, now());
    expect(back.departmentCode).toBe('clerk');
    expect(changes).toHaveLength(1); // only the accept: forwarding is not a status change event
  });

  it('when a case is referred, then it is closed with the note and cannot be acted on', async () => {
    const id = (await file())._id.toHexString();
    await acceptCase(id, A, now());
    const doc = await referCase(id, A, { note: 'เป็นเสาไฟของการไฟฟ้าส่วนภูมิภาค โทร 1129' }, now());
    expect(doc.status).toBe('referred');
    await expectError(addProgress(id, A, { note: 'x x' }, now()), 'conflict', 'complaints.errors.notAllowedNow');
  });

  it('when another citizen looks a case up by number, then it is not found for them', async () => {
    const doc = await file();
    expect(await findCaseForCitizen(doc.number, 'U_c')).toMatchObject({ number: doc.number });
    expect(await findCaseForCitizen(doc.number, 'U_stranger')).toBeNull();
  });
});

describe('the complaint centre', () => {
  const toHealth = { toDepartmentCode: 'health-env', reason: 'เป็นเรื่องสุขาภิบาล ส่งกองสาธารณสุข' };

  it('when its officer forwards another department\'s case nobody holds, then it goes; a case someone holds is refused and stays', async () => {
    const waiting = await file();
    expect(await forwardCase(waiting._id.toHexString(), CLERK, toHealth, now())).toMatchObject({ departmentCode: 'health-env', status: 'received' });
    const held = await file();
    await acceptCase(held._id.toHexString(), A, now());
    await expectError(forwardCase(held._id.toHexString(), CLERK, toHealth, now()), 'forbidden', 'complaints.errors.notYourCase');
    expect(await getCase(held._id.toHexString())).toMatchObject({ departmentCode: 'public-works', holder: { id: A.id } });
  });

  it('when an officer of another department (not the centre) forwards a case nobody holds, then it is refused', async () => {
    await expectError(forwardCase((await file())._id.toHexString(), HEALTH, { toDepartmentCode: 'clerk', reason: 'ไม่ใช่เรื่องของกองนี้' }, now()), 'forbidden', 'complaints.errors.notYourCase');
  });
});

describe('a change of holder', () => {
  /** A case A accepted and worked on, back with public works after A left. */
  async function returned() {
    const doc = await file();
    await acceptCase(doc._id.toHexString(), A, now());
    await addProgress(doc._id.toHexString(), A, { note: 'ส่งช่างไปดูแล้ว' }, now());
    const [released] = await releaseHolder(A.id!, now());
    return released;
  }

  it('when the holder leaves, then the case keeps its status with nobody holding it, once; a second run finds nothing', async () => {
    const doc = await returned();
    expect(doc).toMatchObject({ status: 'in_progress', holder: null });
    expect(doc.history.at(-1)).toMatchObject({ kind: 'holderLeft', actor: { kind: 'system' }, holder: { id: A.id, name: 'อนุชา' } });
    expect(await releaseHolder(A.id!, now())).toEqual([]);
  });

  it('when officers try to take it over, then another department, a case still waiting to be accepted and the second of two are refused', async () => {
    const doc = await returned();
    const id = doc._id.toHexString();
    await expectError(takeOver(id, HEALTH, now()), 'forbidden', 'complaints.errors.notYourDepartment');
    await expectError(takeOver((await file())._id.toHexString(), B, now()), 'conflict', 'complaints.errors.notAllowedNow');
    const [first, second] = await Promise.allSettled([takeOver(id, B, now()), takeOver(id, HEAD, now())]);
    const won = [first, second].filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    const lost = [first, second].find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toMatchObject({ messageKey: 'complaints.errors.alreadyAccepted' });
    const after = (await getCase(id))!;
    expect(after.history.filter((h) => h.kind === 'takenOver')).toHaveLength(1);
    expect(after.status).toBe('in_progress');
  });
});
