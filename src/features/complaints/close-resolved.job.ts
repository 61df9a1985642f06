import type { JobDefinition } from '../../jobs/scheduler';
import { logger } from '../../shared/logger';
import { closeExpiredResolved } from './complaints.service';

/**
 * Resolved cases close by themselves when the citizen neither confirmed nor reopened them within
 * the reopen window. Each case is closed with an atomic update on its status, so two instances
 * (or the citizen confirming at the same moment) close it once.
 */
export const closeResolvedJob: JobDefinition = {
  name: 'complaints.close-resolved',
  intervalMs: 15 * 60_000,
  exclusive: true,
  async run(now) {
    const closed = await closeExpiredResolved(now);
    if (closed > 0) logger.info({ closed }, 'resolved complaints closed after the reopen window');
    return closed;
  },
};
