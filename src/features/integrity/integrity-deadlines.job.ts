import type { JobDefinition } from '../../jobs/scheduler';
import { errorText, logger } from '../../shared/logger';
import { getSettings } from '../municipality/settings';
import { deleteOrphanEvidence } from './evidence.store';
import { deadlineWork, type ReportDeadlineWork } from './integrity-deadlines';
import { escalateToIntegrityHeads, remindIntegrityOfficers, tellReporterOfDelay, type DeadlineAlert } from './integrity.notify';
import { markDeadlinePointsSent, reportsWithDeadlinePoints } from './integrity.service';

const DAY_MS = 86_400_000;

/** An officer-facing alert for one report's point. */
function alertOf(work: ReportDeadlineWork, point: NonNullable<ReportDeadlineWork['reminder']> | ReportDeadlineWork['escalations'][number]): DeadlineAlert {
  const base = { reportId: work.report.id, reference: work.report.reference, dueAt: work.report.dueAt, key: point.key };
  if (point.kind !== 'reminder') return { ...base, reason: point.kind };
  return point.daysBefore === 0 ? { ...base, reason: 'dueToday' } : { ...base, reason: 'due', daysLeft: point.daysBefore };
}

/**
 * The deadline watch, the same as for complaints: reminders N days before a report's due date at
 * 08.00 Bangkok (the complaints' reminder days) to every integrity officer; "not taken up in
 * time" and "past due" escalated to the integrity head; past due, the reporter who asked for
 * notifications is told of the delay. One message per officer per run. Each point is sent once:
 * its key is kept on the report (the outbox forgets sent pushes after 30 days), and the job runs
 * on one instance at a time. Also removes evidence of dialogs that were never confirmed.
 * Returns how many points were handled.
 */
export async function runIntegrityDeadlines(now: Date): Promise<number> {
  const settings = await getSettings();
  const horizon = Math.max(0, ...settings.complaints.reminderDaysBeforeDue);
  const candidates = (await reportsWithDeadlinePoints(now, horizon, settings.complaints.acceptWithinDays))
    .map((report) => deadlineWork(report, settings.complaints, now))
    .filter((w): w is ReportDeadlineWork => Boolean(w));
  const works: ReportDeadlineWork[] = [];
  let handled = 0;
  for (const work of candidates) {
    try {
      if (work.escalations.some((p) => p.kind === 'overdue')) await tellReporterOfDelay(work.report, settings.integrity.dueDays, now);
      await markDeadlinePointsSent(work.report.id, work.skipped);
      handled += work.skipped.length;
      works.push(work);
    } catch (err) {
      // Nothing of this report is recorded as sent: the whole of it is tried again next run.
      logger.error({ reportId: work.report.id, err: errorText(err) }, 'integrity delay notice failed, left for the next run');
    }
  }
  const reminders = works.flatMap((w) => (w.reminder ? [alertOf(w, w.reminder)] : []));
  const escalations = works.flatMap((w) => w.escalations.map((p) => alertOf(w, p)));
  handled += await sendAndMark(reminders, () => remindIntegrityOfficers(reminders), 'reminders');
  handled += await sendAndMark(escalations, () => escalateToIntegrityHeads(escalations, settings.complaints.acceptWithinDays), 'escalations');
  await deleteOrphanEvidence(new Date(now.getTime() - DAY_MS));
  return handled;
}

/** Sends one kind of alert; only when that worked are its points recorded as sent (else the next run tries again). */
async function sendAndMark(alerts: DeadlineAlert[], send: () => Promise<void>, what: string): Promise<number> {
  if (alerts.length === 0) return 0;
  try {
    await send();
  } catch (err) {
    logger.error({ reports: alerts.length, err: errorText(err) }, `integrity deadline ${what} failed, left for the next run`);
    return 0;
  }
  for (const alert of alerts) await markDeadlinePointsSent(alert.reportId, [alert.key]);
  return alerts.length;
}

export const integrityDeadlinesJob: JobDefinition = {
  name: 'integrity-deadlines',
  intervalMs: 5 * 60_000,
  // One instance at a time: the sent keys on each report are read, then written after sending.
  exclusive: true,
  run: (now) => runIntegrityDeadlines(now),
};
