import type { JobDefinition } from '../../jobs/scheduler';
import { addDays, bangkok } from '../../shared/dates';
import { logger } from '../../shared/logger';
import { getSettings } from '../municipality/settings';
import { deleteOrphanEvidence } from './evidence.store';
import { remindIntegrityOfficers } from './integrity.notify';
import { reportsDueBy } from './integrity.service';

const DAY_MS = 86_400_000;

/**
 * The deadline watch: integrity officers are reminded N days before a report's due date (the
 * complaints' reminder days) and once when it passes. Idempotent: each reminder has its own
 * outbox dedupeKey, so a second run (or a second instance) sends nothing new. Also removes
 * evidence uploaded in dialogs that were never confirmed.
 */
export async function runIntegrityDeadlines(now: Date): Promise<number> {
  const settings = await getSettings();
  const thresholds = [...new Set(settings.complaints.reminderDaysBeforeDue)].sort((a, b) => b - a);
  const horizon = addDays(now, Math.max(0, ...thresholds));
  let queued = 0;
  for (const report of await reportsDueBy(horizon)) {
    try {
      if (report.dueAt.getTime() < now.getTime()) {
        queued += await remindIntegrityOfficers(report, 'overdue');
        continue;
      }
      // Calendar days in Bangkok: 0 on the due day itself.
      const daysLeft = bangkok(report.dueAt).startOf('day').diff(bangkok(now).startOf('day'), 'day');
      // Only the nearest threshold reached: a report found late is not sent every older reminder.
      const reached = thresholds.filter((d) => daysLeft <= d).sort((a, b) => a - b)[0];
      if (reached !== undefined) queued += await remindIntegrityOfficers(report, reached);
    } catch (err) {
      logger.error({ reportId: report.id, err: err instanceof Error ? err.message : String(err) }, 'integrity reminder failed');
    }
  }
  await deleteOrphanEvidence(new Date(now.getTime() - DAY_MS));
  return queued;
}

export const integrityDeadlinesJob: JobDefinition = {
  name: 'integrity-deadlines',
  intervalMs: 15 * 60_000,
  run: (now) => runIntegrityDeadlines(now).then(() => undefined),
};
