import * as domainEvents from '../../../src/shared/domain-events';
import { officersFeature } from '../../../src/features/officers';
import { ConversationEngine } from '../../../src/conversation/engine';
import { BotRouter } from '../../../src/line/router';

describe('domain event subscription', () => {
  it('when register() runs for several runtimes in one process, then complaint events are subscribed once', () => {
    const spy = jest.spyOn(domainEvents, 'onDomainEvent');
    officersFeature.register?.({ router: new BotRouter(), engine: new ConversationEngine() });
    officersFeature.register?.({ router: new BotRouter(), engine: new ConversationEngine() });
    expect(spy.mock.calls.filter(([name]) => name === 'complaint.filed')).toHaveLength(1);
    expect(spy.mock.calls.filter(([name]) => name === 'complaint.statusChanged')).toHaveLength(1);
    spy.mockRestore();
  });
});
