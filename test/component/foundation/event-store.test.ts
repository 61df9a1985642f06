import { useTestDatabase } from '../../support/db';
import { events } from '../../support/webhook';
import { storeEvents, type IncomingEvent } from '../../../src/line/event-store';
import { WebhookEventModel } from '../../../src/line/webhook-event.model';

const db = useTestDatabase();

beforeAll(() => WebhookEventModel.init());
beforeEach(() => db.clear());
afterEach(() => jest.restoreAllMocks());

const text = (userId: string, opts: { webhookEventId?: string; mode?: 'standby' } = {}) => events.text('ช่วยเหลือ', { userId, ...opts }) as unknown as IncomingEvent;

describe('storeEvents (group commit)', () => {
  it('when deliveries arrive while an insert is running, then they share the next insert and each learns its own count', async () => {
    const insertMany = jest.spyOn(WebhookEventModel.collection, 'insertMany');
    const first = storeEvents([text('U_a')]);
    const rest = Array.from({ length: 30 }, (_, i) => storeEvents([text(`U_b${i}`), text(`U_c${i}`)]));

    expect(await first).toEqual({ stored: 1, duplicates: 0, standby: 0, sources: ['U_a'] });
    expect(await Promise.all(rest)).toEqual(Array.from({ length: 30 }, (_, i) => ({ stored: 2, duplicates: 0, standby: 0, sources: [`U_b${i}`, `U_c${i}`] })));
    // The first delivery is written at once; the 30 that arrived meanwhile go in one more insert.
    expect(insertMany).toHaveBeenCalledTimes(2);
    expect(insertMany.mock.calls[1][0]).toHaveLength(60);
    expect(await WebhookEventModel.countDocuments({ status: 'pending' })).toBe(61);
  });

  it('when a shared insert meets duplicates, then only the delivery that carried them counts fewer', async () => {
    const known = text('U_known');
    await storeEvents([known]);
    const blocker = storeEvents([text('U_x')]);
    const redelivery = storeEvents([{ ...known, deliveryContext: { isRedelivery: true } }, text('U_known')]);
    const fresh = storeEvents([text('U_y'), text('U_z', { mode: 'standby' })]);
    const twiceInOne = text('U_twice');
    const sameTwice = storeEvents([twiceInOne, twiceInOne]);

    expect(await Promise.all([blocker, redelivery, fresh, sameTwice])).toEqual([
      { stored: 1, duplicates: 0, standby: 0, sources: ['U_x'] },
      { stored: 1, duplicates: 1, standby: 0, sources: ['U_known'] },
      { stored: 1, duplicates: 0, standby: 1, sources: ['U_y'] },
      { stored: 1, duplicates: 1, standby: 0, sources: ['U_twice'] },
    ]);
    expect(await WebhookEventModel.countDocuments({ webhookEventId: known.webhookEventId })).toBe(1);
    expect(await WebhookEventModel.countDocuments({ webhookEventId: twiceInOne.webhookEventId })).toBe(1);
    expect(await WebhookEventModel.countDocuments({ status: 'skipped' })).toBe(1);
  });

  it('when the database fails, then every delivery of that insert is rejected and later ones still go through', async () => {
    const blocker = storeEvents([text('U_before')]);
    const failure = new Error('connection reset');
    jest.spyOn(WebhookEventModel.collection, 'insertMany').mockRejectedValueOnce(failure);
    const a = storeEvents([text('U_a')]);
    const b = storeEvents([text('U_b')]);
    // The blocker's insert was already under way with the real method.
    expect((await blocker).stored).toBe(1);
    await expect(a).rejects.toBe(failure);
    await expect(b).rejects.toBe(failure);

    expect((await storeEvents([text('U_after')])).stored).toBe(1);
    expect(await WebhookEventModel.countDocuments()).toBe(2);
  });
});
