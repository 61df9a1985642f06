import { EventProcessor } from '../../../src/line/event-processor';
import { WebhookEventModel } from '../../../src/line/webhook-event.model';
import { nothingOnFailure, recording, storeBacklog, useEventDatabase } from './backlog';
import { waitFor } from './pipeline-probe';

useEventDatabase();
afterEach(() => jest.restoreAllMocks());

describe("turns of one user's backlog", () => {
  it('when a backlog takes many turns, then each turn follows the last without scanning the pending events again', async () => {
    const ids = await storeBacklog('U_backlog', 55);
    const runs: string[] = [];
    // How many events had run each time the processor looked for due users.
    const lookedAfter: number[] = [];
    const aggregate = WebhookEventModel.aggregate.bind(WebhookEventModel);
    jest.spyOn(WebhookEventModel, 'aggregate').mockImplementation(((...args: Parameters<typeof aggregate>) => {
      lookedAfter.push(runs.length);
      return aggregate(...args);
    }) as typeof aggregate);
    // No poll during the test: only the start and the turns themselves look for work.
    const processor = new EventProcessor(recording('one', runs), nothingOnFailure, { pollMs: 600_000 });
    processor.start();
    try {
      await waitFor('the backlog is done', async () => (await WebhookEventModel.countDocuments({ status: 'done' })) === ids.length);
    } finally {
      await processor.stop();
    }
    expect(runs).toEqual(ids.map((id) => `one:${id}`));
    expect(lookedAfter.filter((n) => n > 0 && n < ids.length)).toEqual([]);
    expect(lookedAfter.length).toBeGreaterThan(0);
  });
});

describe('starting', () => {
  it('when start is called on a running processor, then it keeps its one poll timer', async () => {
    const processor = new EventProcessor(recording('one', []), nothingOnFailure, { pollMs: 20 });
    const timers = jest.spyOn(global, 'setInterval');
    processor.start();
    processor.start();
    await processor.stop();
    expect(timers.mock.calls.filter(([, ms]) => ms === 20)).toHaveLength(1);
  });
});
