import { eventId, events } from '../../support/webhook';
import { clock } from '../../../src/shared/clock';
import { onDomainEvent } from '../../../src/shared/domain-events';
import { ComplaintModel } from '../../../src/features/complaints/complaint.model';
import { SessionModel } from '../../../src/conversation/session.model';
import { addOfficer, answer, exchange, say, useComplaintsBot } from './helpers';

/** Officers hear of every new case, even when filing was interrupted between the insert and the notice. */
const bot = useComplaintsBot();
const U = 'U_announce';
const OFFICER = 'U_announce_officer';
const RECEIPT = 'เทศบาลได้รับเรื่องของท่านแล้ว เลขที่ C2569-00001 กำหนดแจ้งผลภายใน 28 พ.ย. 2569';

beforeEach(() => addOfficer(OFFICER, 'สมชาย ช่างดี', 'public-works'));

async function draftToSummary(): Promise<void> {
  await bot.send(events.text('แจ้งเรื่อง', { userId: U }), events.postback(answer('category', 'street-light'), { userId: U }));
  await bot.send(events.text('ไฟถนนหน้าบ้านเลขที่ 12 ดับมา 3 คืนแล้ว', { userId: U }), events.postback(answer('photos', 'done'), { userId: U }));
  await bot.send(events.location(18.79, 98.98, { userId: U }), events.postback(answer('phone', 'skip'), { userId: U }));
}

const newCasePushes = () => bot.pushesTo(OFFICER).filter((m) => say(m).includes('C2569-00001'));

describe('announcing a new case', () => {
  it('when the process died after storing the case and LINE delivers the confirm again, then the officers are told once and the citizen gets the receipt', async () => {
    await draftToSummary();
    const confirmId = eventId();
    // What the crashed attempt left: the case stored under the confirm event's id, nobody told.
    const now = clock.now();
    await ComplaintModel.create({
      number: 'C2569-00001', year: 2569, seq: 1, citizenId: U, followers: [], meTooCount: 0, channel: 'line', categoryCode: 'street-light', departmentCode: 'public-works',
      description: 'ไฟถนนหน้าบ้านเลขที่ 12 ดับมา 3 คืนแล้ว', photos: [], location: { latitude: 18.79, longitude: 98.98 }, status: 'received', dueAt: new Date(now.getTime() + 7 * 86_400_000),
      filedAt: now, history: [{ at: now, actor: { kind: 'citizen', id: U }, from: null, to: 'received', kind: 'status', photos: [] }], forwards: [], reopenCount: 0, lastActivityAt: now, sourceEventId: confirmId,
    });
    expect(newCasePushes()).toHaveLength(0);

    const replies = await exchange(bot, U, events.postback(answer('confirm', 'confirm'), { userId: U, webhookEventId: confirmId }));
    expect(replies.map(say)).toEqual([RECEIPT]);
    expect(newCasePushes()).toHaveLength(1);
    expect(await ComplaintModel.countDocuments()).toBe(1);
    expect(await SessionModel.countDocuments({ userId: U })).toBe(0);
  });

  it('when a listener of the new case fails once, then the filing event is retried: one case, one receipt, one notice to the officers', async () => {
    await draftToSummary();
    let calls = 0;
    const stop = onDomainEvent('complaint.filed', () => {
      calls += 1;
      if (calls === 1) throw new Error('database hiccup while notifying');
    });
    try {
      const replies = await exchange(bot, U, events.postback(answer('confirm', 'confirm'), { userId: U }));
      expect(replies.map(say)).toEqual([RECEIPT]);
    } finally {
      stop();
    }
    expect(calls).toBe(2);
    expect(newCasePushes()).toHaveLength(1);
    expect(await ComplaintModel.countDocuments()).toBe(1);
  });

  it('when nothing fails, then the new case is announced once', async () => {
    await draftToSummary();
    let calls = 0;
    const stop = onDomainEvent('complaint.filed', () => {
      calls += 1;
    });
    try {
      await bot.send(events.postback(answer('confirm', 'confirm'), { userId: U }));
    } finally {
      stop();
    }
    expect(calls).toBe(1);
    expect(newCasePushes()).toHaveLength(1);
  });
});
