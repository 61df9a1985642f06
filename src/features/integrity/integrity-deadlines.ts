import type { Settings } from '../municipality/settings';
import { duePoints, type DeadlinePoint, type DeadlineSubject } from '../officers/deadlines.job';
import type { DeadlineReport } from './integrity.service';

/**
 * The deadline points of a confidential report, by the complaints' own rule (officers'
 * duePoints): reminders N days before due at 08.00 Bangkok, "not taken up in time" while the
 * report is still `received` after the acceptance days, and "past due". Taking a report up
 * (leaving `received`) is what accepting is for a complaint.
 */
export function reportDeadlinePoints(report: DeadlineReport, settings: Settings['complaints'], now: Date): DeadlinePoint[] {
  const asCase: DeadlineSubject = { _id: report.id, dueAt: report.dueAt, filedAt: report.receivedAt, status: report.status === 'received' ? 'received' : 'accepted', forwards: [] };
  return duePoints(asCase, settings, now);
}

/** What one run has to send for one report. */
export interface ReportDeadlineWork {
  report: DeadlineReport;
  /** The latest reminder not yet sent (older ones missed while the server was down no longer matter). */
  reminder?: Extract<DeadlinePoint, { kind: 'reminder' }>;
  /** Escalations to the integrity head(s). */
  escalations: Extract<DeadlinePoint, { kind: 'unaccepted' | 'overdue' }>[];
  /** Reminders overtaken by a later one: recorded as sent without a message. */
  skipped: string[];
}

/** Sorts a report's pending points into what to send and what to skip. */
export function deadlineWork(report: DeadlineReport, settings: Settings['complaints'], now: Date): ReportDeadlineWork | undefined {
  const pending = reportDeadlinePoints(report, settings, now).filter((p) => !report.sent.includes(p.key));
  if (pending.length === 0) return undefined;
  const reminders = pending.filter((p): p is Extract<DeadlinePoint, { kind: 'reminder' }> => p.kind === 'reminder');
  const reminder = reminders.at(-1);
  return {
    report,
    reminder,
    escalations: pending.filter((p): p is Extract<DeadlinePoint, { kind: 'unaccepted' | 'overdue' }> => p.kind !== 'reminder'),
    skipped: reminders.filter((p) => p !== reminder).map((p) => p.key),
  };
}
