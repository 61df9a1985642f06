import type { Feature } from '../feature';
import { boardRoutes } from './board.routes';
import { registerCitizenHandlers } from './citizen.handlers';
import { loadQueueDemoData } from './demo-data';
import { queueTimersJob } from './no-show.job';
import { registerOfficerHandlers } from './officer.handlers';

/**
 * Queue tickets (บัตรคิว): citizens take a ticket in LINE and wait anywhere; counter officers
 * call tickets strictly in order; every call is recorded; a public board shows who is served.
 */
export const queueFeature: Feature = {
  name: 'queue',
  register({ router, engine }) {
    registerCitizenHandlers(router);
    registerOfficerHandlers(router, engine);
  },
  jobs: [queueTimersJob],
  loadDemoData: () => loadQueueDemoData(),
  routes: () => boardRoutes(),
};

export { takeQueueTicket, cancelTicket, issueWalkInTicket, findTicketByLabel, activeTicketsOf } from './tickets.service';
export { queuePosition } from './queue-position';
export { rejoinQueue, rejoinWalkIn } from './rejoin.service';
export { callNext, recallTicket, markArrived, markServed, skipTicket, setOfficerCounter } from './counter.service';
export { transferTicket } from './transfer.service';
export { dailySummary, type DailySummary } from './summary.service';
export { markNoShows, expireOldTickets, QUEUE_TIMER_JOB } from './no-show.job';
export { queueServicesConfigSection } from './queue-services.config';
export { QueueServiceModel } from './service.model';
export { QueueTicketModel, QueueSequenceModel } from './ticket.model';
export { QueueEventModel } from './queue-event.model';
export { QUEUE_START_POSTBACK } from './citizen.handlers';
