import { buildStatusUpdate } from '../../../flex-messages/complaints/status-update';
import { translator } from '../../i18n';
import type { Lang } from '../../i18n/languages';
import { enqueuePush } from '../../notifications/outbox.service';
import { languageOf } from '../users/users.service';
import { statusUpdateView } from './case-views';
import type { ComplaintDoc, HistoryEntry } from './complaint.model';

/**
 * Tells the citizen who filed the case, and everyone who follows it, about one change, each in
 * their own language. The owner's message carries the buttons (answer, confirm, reopen); the
 * followers' does not. Deduplicated per history entry, so a retried change pushes once.
 */
export async function notifyCaseChange(doc: ComplaintDoc, entry: HistoryEntry, index: number, opts: { skip?: string } = {}): Promise<void> {
  const caseId = doc._id.toHexString();
  const topic = 'complaints.statusChanged';
  if (doc.citizenId && doc.citizenId !== opts.skip) {
    const lang = await languageOf(doc.citizenId);
    const message = buildStatusUpdate(await statusUpdateView(doc, entry, true, lang, translator(lang)), translator(lang));
    await enqueuePush({ to: doc.citizenId, messages: [message], topic, dedupeKey: `complaint:${caseId}:h${index}:owner` });
  }
  const byLang = new Map<Lang, string[]>();
  for (const follower of doc.followers) {
    if (follower === opts.skip || follower === doc.citizenId) continue;
    const lang = await languageOf(follower);
    byLang.set(lang, [...(byLang.get(lang) ?? []), follower]);
  }
  for (const [lang, ids] of byLang) {
    const message = buildStatusUpdate(await statusUpdateView(doc, entry, false, lang, translator(lang)), translator(lang));
    await enqueuePush({ to: ids, messages: [message], topic, dedupeKey: `complaint:${caseId}:h${index}:followers:${lang}` });
  }
}
