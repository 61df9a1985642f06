import { queueServicesConfigSection } from '../../../src/features/queue';
import { DEMO_QUEUE_SERVICES, loadQueueDemoData } from '../../../src/features/queue/demo-data';
import type { QueueServiceItem } from '../../../src/features/queue/queue-services.config';
import { QueueServiceModel } from '../../../src/features/queue/service.model';
import { useTestDatabase } from '../../support/db';

const db = useTestDatabase();
const NOW = new Date('2026-11-23T03:00:00Z');

beforeEach(async () => db.clear());

const parse = (items: unknown[]) => items.map((i) => queueServiceItemParse(i));
const queueServiceItemParse = (i: unknown) => queueServicesConfigSection.itemSchema.parse(i) as QueueServiceItem;

describe('queueServices config section', () => {
  it('when the file is applied twice, then the second time changes nothing', async () => {
    const items = parse(DEMO_QUEUE_SERVICES);
    expect((await queueServicesConfigSection.plan(items)).map((c) => c.action)).toEqual(['create', 'create', 'create', 'create']);
    expect(await QueueServiceModel.countDocuments({})).toBe(0);
    await queueServicesConfigSection.apply(items, NOW);
    expect(await QueueServiceModel.countDocuments({ active: true })).toBe(4);
    const again = await queueServicesConfigSection.apply(items, NOW);
    expect(again.map((c) => c.action)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged']);
  });

  it('when a service changes or leaves the file, then it is updated or deactivated, never deleted', async () => {
    await queueServicesConfigSection.apply(parse(DEMO_QUEUE_SERVICES), NOW);
    const changed = parse(DEMO_QUEUE_SERVICES.slice(0, 3).map((s) => (s.code === 'tax-payment' ? { ...s, dailyLimit: 150, counters: [1, 2] } : s)));
    const plan = await queueServicesConfigSection.plan(changed);
    expect(plan).toEqual([
      { action: 'unchanged', key: 'civil-registration' },
      { action: 'update', key: 'tax-payment', details: 'counters, dailyLimit' },
      { action: 'unchanged', key: 'building-permit' },
      { action: 'deactivate', key: 'welfare-allowance', details: 'not in the file (kept, no longer offered)' },
    ]);
    await queueServicesConfigSection.apply(changed, NOW);
    expect(await QueueServiceModel.findOne({ code: 'tax-payment' }).lean()).toMatchObject({ dailyLimit: 150, counters: [1, 2], active: true });
    expect(await QueueServiceModel.findOne({ code: 'welfare-allowance' }).lean()).toMatchObject({ active: false });
    expect((await queueServicesConfigSection.apply(changed, NOW)).map((c) => c.action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    // Back in the file: reactivated.
    expect((await queueServicesConfigSection.apply(parse(DEMO_QUEUE_SERVICES), NOW)).find((c) => c.key === 'welfare-allowance')?.action).toBe('update');
    expect(await QueueServiceModel.findOne({ code: 'welfare-allowance' }).lean()).toMatchObject({ active: true });
  });

  it('when a service gets a last-ticket time and later loses it in the file, then it is set, then removed', async () => {
    await queueServicesConfigSection.apply(parse(DEMO_QUEUE_SERVICES), NOW);
    const withLast = parse(DEMO_QUEUE_SERVICES.map((s) => (s.code === 'tax-payment' ? { ...s, lastTicketAt: '15:30' } : s)));
    expect((await queueServicesConfigSection.plan(withLast)).find((c) => c.key === 'tax-payment')).toEqual({ action: 'update', key: 'tax-payment', details: 'lastTicketAt' });
    await queueServicesConfigSection.apply(withLast, NOW);
    expect((await QueueServiceModel.findOne({ code: 'tax-payment' }).lean())?.lastTicketAt).toBe('15:30');
    expect((await queueServicesConfigSection.plan(parse(DEMO_QUEUE_SERVICES))).find((c) => c.key === 'tax-payment')?.action).toBe('update');
    await queueServicesConfigSection.apply(parse(DEMO_QUEUE_SERVICES), NOW);
    expect((await QueueServiceModel.findOne({ code: 'tax-payment' }).lean())?.lastTicketAt).toBeUndefined();
    expect(queueServicesConfigSection.itemSchema.safeParse({ ...DEMO_QUEUE_SERVICES[0], lastTicketAt: '25:00' }).success).toBe(false);
  });

  it('when an item is invalid, then the schema says why', () => {
    const bad = { ...DEMO_QUEUE_SERVICES[0], prefix: 'AB', hours: [{ days: ['mon'], open: '17:00', close: '08:00' }] };
    const result = queueServicesConfigSection.itemSchema.safeParse(bad);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toMatch(/prefix/);
    expect(JSON.stringify(result.error?.issues)).toMatch(/open before close/);
  });

  it('when two services share a prefix, then plan refuses', async () => {
    const items = parse([DEMO_QUEUE_SERVICES[0], { ...DEMO_QUEUE_SERVICES[1], prefix: 'A' }]);
    await expect(queueServicesConfigSection.plan(items)).rejects.toThrow('prefix A');
  });

  it('when demo data loads twice, then the services are there once and an admin edit is kept', async () => {
    await loadQueueDemoData(NOW);
    await QueueServiceModel.updateOne({ code: 'tax-payment' }, { $set: { dailyLimit: 99 } });
    await loadQueueDemoData(NOW);
    expect(await QueueServiceModel.countDocuments({})).toBe(4);
    expect((await QueueServiceModel.findOne({ code: 'tax-payment' }).lean())?.dailyLimit).toBe(99);
    expect((await queueServicesConfigSection.plan(parse(DEMO_QUEUE_SERVICES))).map((c) => c.action)).toEqual(['unchanged', 'update', 'unchanged', 'unchanged']);
  });
});
