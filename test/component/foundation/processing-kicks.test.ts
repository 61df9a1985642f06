import { useTestBot } from '../../support/bot';
import { events } from '../../support/webhook';
import { helpFeature } from '../../../src/features/help/help.handlers';
import { WebhookEventModel } from '../../../src/line/webhook-event.model';
import { createProbe, waitFor } from './pipeline-probe';

/**
 * The webhook names the users it stored events for, and the processor starts them without asking
 * the database who is due. The poll is set far off here, so only that path can answer in time.
 */
const probe = createProbe();
const bot = useTestBot({ features: [probe.feature, helpFeature], startProcessor: true, processor: { pollMs: 3_600_000 } });

let dueQueries: jest.SpyInstance;
beforeEach(async () => {
  probe.reset();
  // The start's own search for leftovers is over before the spy starts counting.
  await bot.drain();
  dueQueries = jest.spyOn(WebhookEventModel, 'aggregate');
});
afterEach(() => {
  dueQueries.mockRestore();
  probe.reset();
});

describe('the webhook starts the users it stored events for', () => {
  it('when a user writes, then the event is handled at once, and nobody searched the database for due users', async () => {
    await bot.post([events.text('note hello', { userId: 'U_named' })]);
    await waitFor('the event is handled', () => probe.textsOf('U_named').length === 1);
    expect(dueQueries).not.toHaveBeenCalled();
  });

  it('when a user writes again while their turn runs, then the new event runs right after it, without the poll', async () => {
    const t0 = Date.now();
    await bot.post([events.text('wait first', { userId: 'U_again', timestamp: t0 })]);
    await probe.gate('first').entered;
    await bot.post([events.text('note second', { userId: 'U_again', timestamp: t0 + 1 })]);
    probe.gate('first').open();

    // The handler records its text before the processor marks the event done, so wait for both.
    const settled = async () =>
      probe.textsOf('U_again').length === 2 && (await WebhookEventModel.countDocuments({ status: 'pending' })) === 0;
    await waitFor('both events are handled and marked done', settled);
    expect(probe.textsOf('U_again')).toEqual(['wait first', 'note second']);
    expect(dueQueries).not.toHaveBeenCalled();
  });

  it('when more users write than there are slots, then every one of them is answered, without the poll', async () => {
    const users = Array.from({ length: 40 }, (_, i) => `U_many${i}`);
    await Promise.all(users.map((userId) => bot.post([events.text('note hello', { userId })])));
    await waitFor('all are handled', () => users.every((userId) => probe.textsOf(userId).length === 1));
    expect(dueQueries).not.toHaveBeenCalled();
  });
});
