import { conflict } from '../../shared/errors';
import { getSettings } from '../municipality/settings';
import type { ComplaintDoc } from './complaint.model';

/**
 * The reopen window of a resolved case: until when the citizen may reopen it, and its length in
 * days (the municipality's setting); undefined when the case is not resolved.
 */
export async function reopenWindow(doc: Pick<ComplaintDoc, 'resolvedAt'>): Promise<{ until: Date; days: number } | undefined> {
  if (!doc.resolvedAt) return undefined;
  const days = (await getSettings()).complaints.reopenWindowDays;
  return { until: new Date(new Date(doc.resolvedAt).getTime() + days * 86_400_000), days };
}

/** Refuses a reopening once the window has passed (checked when the button is pressed and again when the reason comes). */
export async function assertReopenable(doc: Pick<ComplaintDoc, 'resolvedAt'>, now: Date): Promise<void> {
  const window = await reopenWindow(doc);
  if (window && now.getTime() > window.until.getTime()) throw conflict('complaints.errors.reopenWindowPassed', { days: window.days });
}
