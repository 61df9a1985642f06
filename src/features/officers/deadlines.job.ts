import mongoose, { Schema } from 'mongoose';
import type { JobDefinition } from '../../jobs/scheduler';
import { bangkok, startOfBangkokDay } from '../../shared/dates';
import { isDuplicateKeyError } from '../../shared/errors';
import { clock } from '../../shared/clock';
import { errorText, logger } from '../../shared/logger';
import { findCategory } from '../complaints/category.model';
import { calendarDaysBetween } from '../complaints/due-dates';
import type { ComplaintDoc } from '../complaints/complaint.model';
import { getSettings, type Settings } from '../municipality/settings';
import { awaitingSince, awaitsHolder, casesWithDeadlinePoints, type WaitingSubject } from './case-queries';
import { tellCitizensOfDelay } from './delay-notice';
import { type Escalation, sendEscalations } from './escalations';
import { type Reminder, sendReminders } from './reminders';

/**
 * Deadline reminders and escalations. Every point in a case's life that calls for a message
 * (N days before due, not accepted in time, past due) has a key; the job sends each key once:
 * the outbox dedupeKey stops a second instance or a restart from sending again, and the keys
 * are also kept per case (the outbox forgets delivered entries after 30 days). Points in the
 * past that were never sent (the server was down) are sent when the job next runs.
 */

const DAY_MS = 86_400_000;
const LEASE_MS = 2 * 60_000;
/** Reminders go out at this hour (Bangkok) on their day, not at midnight. */
const REMINDER_HOUR = 8;
/** How long before a due time earlier than REMINDER_HOUR its same-day reminder goes. */
const EARLY_DUE_LEAD_MS = 2 * 3_600_000;
/** Per case: the keys already sent and a lease so two instances never work on it at once. */
const deadlineTrackSchema = new Schema(
  {
    _id: { type: String },
    sent: { type: [String], default: [] },
    leaseUntil: { type: Date, default: () => new Date(0) },
    expireAt: { type: Date, required: true },
  },
  { collection: 'officer_deadline_tracks', versionKey: false },
);
deadlineTrackSchema.index({ expireAt: 1 }, { expireAfterSeconds: 0 });
export const DeadlineTrackModel = mongoose.model('OfficerDeadlineTrack', deadlineTrackSchema);

export type DeadlinePoint =
  | { kind: 'reminder'; key: string; at: Date; daysBefore: number }
  | { kind: 'unaccepted'; key: string; at: Date }
  | { kind: 'overdue'; key: string; at: Date };

/** What duePoints reads of a case (a confidential report is shaped into it too, without holder or history). */
export type DeadlineSubject = WaitingSubject & Pick<ComplaintDoc, 'dueAt'> & { _id: { toString(): string } };

/**
 * The points of a case that are due by `now` (a pure function: the heart of the job, unit
 * tested). Reminders only while the case is not yet past due and only for points after filing;
 * "not accepted in time" while nobody accepted it, or nobody took it over since it came back
 * from a revoked holder (counted from its return); "past due" once the due date passed.
 */
export function duePoints(doc: DeadlineSubject, settings: Settings['complaints'], now: Date): DeadlinePoint[] {
  const id = String(doc._id);
  const due = new Date(doc.dueAt);
  const dueIso = due.toISOString();
  const points: DeadlinePoint[] = [];
  for (const daysBefore of [...new Set(settings.reminderDaysBeforeDue)].sort((a, b) => b - a)) {
    const day = bangkok(due).subtract(daysBefore, 'day').startOf('day').add(REMINDER_HOUR, 'hour').toDate();
    // Due before 08.00 (a case filed at night): the same-day reminder goes a little before the due time.
    const at = day.getTime() < due.getTime() ? day : new Date(Math.max(startOfBangkokDay(due).getTime(), due.getTime() - EARLY_DUE_LEAD_MS));
    if (at.getTime() < doc.filedAt.getTime() || at.getTime() > now.getTime() || now.getTime() >= due.getTime()) continue;
    points.push({ kind: 'reminder', key: `reminder:${id}:${dueIso}:${daysBefore}`, at, daysBefore });
  }
  if (awaitsHolder(doc)) {
    const since = awaitingSince(doc);
    const at = new Date(since.getTime() + settings.acceptWithinDays * DAY_MS);
    if (at.getTime() <= now.getTime()) points.push({ kind: 'unaccepted', key: `unaccepted:${id}:${since.toISOString()}`, at });
  }
  if (due.getTime() <= now.getTime()) points.push({ kind: 'overdue', key: `overdue:${id}:${dueIso}`, at: due });
  return points;
}

/** Takes the case's lease, or returns null when another instance is working on it. */
async function claim(caseId: string, now: Date): Promise<{ sent: string[] } | null> {
  try {
    return await DeadlineTrackModel.findOneAndUpdate(
      { _id: caseId, leaseUntil: { $lte: now } },
      { $set: { leaseUntil: new Date(now.getTime() + LEASE_MS) }, $setOnInsert: { sent: [], expireAt: clock.ttlAt(new Date(now.getTime() + 400 * DAY_MS)) } },
      { upsert: true, returnDocument: 'after' },
    ).lean<{ sent: string[] }>();
  } catch (err) {
    if (isDuplicateKeyError(err)) return null;
    throw err;
  }
}

const releaseLease = (caseId: string) => DeadlineTrackModel.updateOne({ _id: caseId }, { $set: { leaseUntil: new Date(0) } });
const markSent = (caseId: string, key: string) => DeadlineTrackModel.updateOne({ _id: caseId }, { $addToSet: { sent: key } });

/**
 * One pass over every open case with a point due. The citizen's delay notice goes per case;
 * reminders are gathered per holder (or department) and escalations per department, and each
 * recipient gets one message at the end (the cases' leases are kept until then). Returns how
 * many points were sent.
 */
export async function runDeadlines(now: Date): Promise<number> {
  const settings = (await getSettings()).complaints;
  const horizon = Math.max(0, ...settings.reminderDaysBeforeDue);
  const escalations = new Map<string, Escalation[]>();
  const reminders: Reminder[] = [];
  const held: string[] = [];
  let sent = 0;
  try {
    for (const doc of await casesWithDeadlinePoints(now, horizon)) {
      const caseId = String(doc._id);
      const points = duePoints(doc, settings, now);
      if (points.length === 0) continue;
      const track = await claim(caseId, now);
      if (!track) continue;
      let deferred = false;
      try {
        const pending = points.filter((p) => !track.sent.includes(p.key));
        const names = { category: pending.length > 0 ? (await findCategory(doc.categoryCode))?.name : undefined };
        // Of several reminders missed while the server was down, only the latest still matters.
        const lastReminder = pending.filter((p) => p.kind === 'reminder').pop();
        for (const point of pending) {
          if (point.kind !== 'reminder') {
            if (point.kind === 'overdue') await tellCitizensOfDelay(doc, now, `delay:${caseId}:${new Date(doc.dueAt).toISOString()}`);
            escalations.set(doc.departmentCode, [...(escalations.get(doc.departmentCode) ?? []), { doc, kind: point.kind, key: point.key, category: names.category }]);
            deferred = true;
          } else if (point === lastReminder) {
            // Counted now, not taken from the point: a point sent late (the server was down) must
            // not say "3 days left" on the day before. 0: due today (or already past).
            const daysLeft = Math.max(0, calendarDaysBetween(now, doc.dueAt));
            reminders.push({ doc, key: point.key, daysLeft, category: names.category });
            deferred = true;
          } else {
            await markSent(caseId, point.key);
            sent += 1;
          }
        }
      } catch (err) {
        logger.error({ caseId, err: errorText(err) }, 'deadline job failed for a case');
      } finally {
        if (deferred) held.push(caseId);
        else await releaseLease(caseId);
      }
    }
    for (const reminder of await sendReminders(reminders)) {
      await markSent(String(reminder.doc._id), reminder.key);
      sent += 1;
    }
    for (const [departmentCode, items] of escalations) {
      try {
        await sendEscalations(departmentCode, items, settings.acceptWithinDays);
        for (const item of items) await markSent(String(item.doc._id), item.key);
        sent += items.length;
      } catch (err) {
        logger.error({ departmentCode, err: errorText(err) }, 'deadline escalation failed for a department');
      }
    }
  } finally {
    for (const caseId of held) await releaseLease(caseId);
  }
  return sent;
}

export const deadlinesJob: JobDefinition = {
  name: 'officers.deadlines',
  intervalMs: 5 * 60_000,
  exclusive: true,
  run: (now) => runDeadlines(now),
};
