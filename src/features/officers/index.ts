import type { Feature } from '../feature';
import type { BotContext } from '../../line/context';
import { z } from 'zod';
import { caseFlows } from './case-action.flows';
import { addCaseNumberViewer } from '../complaints/case-number-viewers';
import { registerCaseHandlers, showCaseToOfficer } from './case.handlers';
import { subscribeCaseEvents } from './case-notify';
import { requireOfficer } from './case-access';
import { deadlinesJob } from './deadlines.job';
import { registerGroupHandlers } from './group.handlers';
import { registerRegistration } from './registration.handlers';
import { WALK_IN_FLOW_ID, walkInFlow } from './walk-in.flow';

/** "รับเรื่องแทนประชาชน": an officer files a case for a citizen at the counter or on the phone. */
async function startWalkIn(ctx: BotContext): Promise<void> {
  await requireOfficer(ctx);
  await ctx.conversation.start(WALK_IN_FLOW_ID);
}

/**
 * The officers feature: registration by invitation code, the new-case cards and every action on
 * a case from LINE (accept, update, ask, forward, resolve, refer, delay reason), the officers'
 * lists, walk-in filing, department LINE groups, and the deadline reminders and escalations.
 */
export const officersFeature: Feature = {
  name: 'officers',
  register({ router, engine }) {
    subscribeCaseEvents();
    registerRegistration(router, engine);
    for (const flow of caseFlows) engine.register(flow);
    engine.register(walkInFlow);
    registerCaseHandlers(router);
    addCaseNumberViewer(router, showCaseToOfficer);
    registerGroupHandlers(router);
    router.command(['รับเรื่องแทนประชาชน', 'รับเรื่องแทน', 'walk-in', 'walk in'], startWalkIn);
    router.postback('officers.walkIn', z.object({}), startWalkIn);
  },
  jobs: [deadlinesJob],
};
