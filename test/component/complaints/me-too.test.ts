import { events } from '../../support/webhook';
import { clock } from '../../../src/shared/clock';
import { ComplaintModel } from '../../../src/features/complaints/complaint.model';
import { fileComplaint, followCase } from '../../../src/features/complaints/complaints.service';
import { SessionModel } from '../../../src/conversation/session.model';
import { answer, caseAction, exchange, say, TH, useComplaintsBot } from './helpers';

const bot = useComplaintsBot();
const OWNER = 'U_metoo_owner';
const OTHER = 'U_metoo_other';
const HERE = { latitude: 18.7883, longitude: 98.9853 };
const HINT = 'มีผู้แจ้งเรื่องนี้ไว้แล้ว (เลขที่ C2569-00001) ท่านติดตามเรื่องนั้นแทนได้';
const STALE = 'ปุ่มนี้หมดอายุแล้ว กรุณาเริ่มใหม่จากเมนู';

/** The owner's open case, filed through the service (the arrangement, not what is tested). */
async function ownersCase(categoryCode = 'street-light', location: { latitude: number; longitude: number } | undefined = HERE) {
  return fileComplaint({ citizenId: OWNER, channel: 'line', categoryCode, description: 'ไฟถนนหน้าบ้านเลขที่ 12 ดับมา 3 คืนแล้ว', photos: [], location }, clock.now());
}

/** The other citizen's street-light draft up to the summary, pinned `north` metres north of the owner's case; returns the summary replies. */
async function draftNearby(north = 33, categoryCode = 'street-light'): Promise<string[]> {
  await bot.send(events.text('แจ้งเรื่อง', { userId: OTHER }), events.postback(answer('category', categoryCode), { userId: OTHER }));
  await bot.send(events.text('ไฟถนนแถวนี้ดับหลายวันแล้ว อันตราย', { userId: OTHER }), events.postback(answer('photos', 'done'), { userId: OTHER }));
  await bot.send(events.location(HERE.latitude + north / 111_000, HERE.longitude, { userId: OTHER }));
  return (await exchange(bot, OTHER, events.postback(answer('phone', 'skip'), { userId: OTHER }))).map(say);
}

const press = async (value: string) => (await exchange(bot, OTHER, events.postback(answer('confirm', value), { userId: OTHER }))).map(say);
const untouched = async (id: unknown) => expect(await ComplaintModel.findById(id).lean()).toMatchObject({ followers: [], meTooCount: 0 });

describe('"me too" only follows the case offered for the draft', () => {
  it('when a citizen with no location forges the button with another citizen\'s case id, then they are refused, follow nothing and still cannot see it', async () => {
    const victim = await ownersCase('other', undefined);
    await bot.send(events.text('แจ้งเรื่อง', { userId: OTHER }), events.postback(answer('category', 'other'), { userId: OTHER }));
    await bot.send(events.text('อยากทราบความคืบหน้าเรื่องของเพื่อนบ้าน', { userId: OTHER }), events.text('ไม่มีรูป', { userId: OTHER }), events.text('ข้าม', { userId: OTHER }), events.text('ไม่ระบุ', { userId: OTHER }));
    expect(await press(`metoo:${victim._id.toHexString()}`)).toEqual([STALE]);
    await untouched(victim._id);
    expect((await SessionModel.findOne({ userId: OTHER }).lean())?.stepId).toBe('confirm');
    const lookup = await exchange(bot, OTHER, events.postback(caseAction('details', victim._id.toHexString()), { userId: OTHER }));
    expect(lookup.map(say)).toEqual(['ไม่พบเรื่องที่ต้องการ']);
    // The draft is intact: confirming files the citizen's own case.
    expect(await press('confirm')).toEqual(['เทศบาลได้รับเรื่องของท่านแล้ว เลขที่ C2569-00002 กำหนดแจ้งผลภายใน 6 ธ.ค. 2569']);
  });

  it('when the offered case is closed before the button is pressed, then the button is refused and changes nothing', async () => {
    const offered = await ownersCase();
    expect(await draftNearby()).toEqual([HINT, TH.summary]);
    await ComplaintModel.updateOne({ _id: offered._id }, { $set: { status: 'cancelled' } });
    expect(await press(`metoo:${offered._id.toHexString()}`)).toEqual([STALE]);
    await untouched(offered._id);
  });

  it('when the citizen moved the pin away after the hint, then the old hint\'s button is refused', async () => {
    const offered = await ownersCase();
    await draftNearby();
    await bot.send(events.postback(answer('confirm', 'edit'), { userId: OTHER }), events.postback(answer('editWhat', 'location'), { userId: OTHER }));
    const summary = await exchange(bot, OTHER, events.location(HERE.latitude + 0.01, HERE.longitude, { userId: OTHER }));
    expect(summary.map(say)).toEqual([TH.summary]);
    expect(await press(`metoo:${offered._id.toHexString()}`)).toEqual([STALE]);
    await untouched(offered._id);
  });

  it('when the button of the offered case is pressed, then the citizen follows it once', async () => {
    const offered = await ownersCase();
    await draftNearby();
    expect(await press(`metoo:${offered._id.toHexString()}`)).toEqual(['ท่านติดตามเรื่อง C2569-00001 แล้ว จะได้รับแจ้งเมื่อมีความคืบหน้า']);
    expect(await ComplaintModel.findById(offered._id).lean()).toMatchObject({ followers: [OTHER], meTooCount: 1 });
    expect(await SessionModel.countDocuments({ userId: OTHER })).toBe(0);
  });

  it('when the confirm is handled again after the follow was saved (a retried event), then the citizen is told they follow the case, counted once', async () => {
    const offered = await ownersCase();
    await draftNearby();
    // The first run followed the case and then failed before answering.
    await followCase(offered._id.toHexString(), OTHER, { categoryCode: 'street-light', location: { latitude: HERE.latitude + 33 / 111_000, longitude: HERE.longitude } }, clock.now());
    expect(await press(`metoo:${offered._id.toHexString()}`)).toEqual(['ท่านติดตามเรื่อง C2569-00001 แล้ว จะได้รับแจ้งเมื่อมีความคืบหน้า']);
    expect(await ComplaintModel.findById(offered._id).lean()).toMatchObject({ followers: [OTHER], meTooCount: 1 });
  });
});

describe('when the duplicate hint is not shown', () => {
  it('when the open case is 13 days old, of the same kind and 33 metres away, then the hint is shown (the control for the cases below)', async () => {
    await ownersCase();
    clock.advance(13 * 86_400_000);
    expect(await draftNearby()).toEqual([HINT, TH.summary]);
  });

  it.each([
    ['of another category', async () => ownersCase('drainage')],
    ['closed', async () => ComplaintModel.updateOne({ _id: (await ownersCase())._id }, { $set: { status: 'closed' } })],
    ['resolved', async () => ComplaintModel.updateOne({ _id: (await ownersCase())._id }, { $set: { status: 'resolved' } })],
    ['older than 14 days', async () => {
      await ownersCase();
      clock.advance(14 * 86_400_000 + 60_000);
    }],
  ])('when the case nearby is %s, then only the summary comes', async (_what, arrange) => {
    await arrange();
    expect(await draftNearby()).toEqual([TH.summary]);
  });

  it('when the open case is 60 metres away, then only the summary comes', async () => {
    await ownersCase();
    expect(await draftNearby(60)).toEqual([TH.summary]);
  });
});
