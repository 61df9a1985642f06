import type { Collection, Document } from 'mongodb';
import type { JobDefinition } from '../../jobs/scheduler';
import { isDuplicateKeyError } from '../../shared/errors';
import { logger } from '../../shared/logger';
import { SurveyInvitationModel } from './survey-invitation.model';
import { isOfficerDatabaseId, officerIdsByLineId } from './survey-officers';
import { SurveyResponseModel } from './survey-response.model';
import { servedSubjectKeys, type ServedKind } from './survey-subjects';

/**
 * Brings responses and invitations written by earlier versions up to date:
 * - a case rating's officerId held the officer's LINE user id: it becomes the database id (or is
 *   dropped when no officer has that LINE id, since the report could not name them anyway);
 * - responses and invitations kept the case or ticket id: the key becomes its keyed hash and the
 *   id is dropped, so no response leads back to the case record and its citizen.
 * Idempotent and cheap when there is nothing to do. It works on the raw collections, since the
 * models no longer know the dropped fields.
 */

/** How many rows one run upgrades at most (a later run does the rest). */
const BATCH = 500;

type Raw = Collection<Document>;

async function upgradeOfficerIds(collection: Raw): Promise<number> {
  const stored = (await collection.distinct('officerId')).filter((v): v is string => typeof v === 'string' && !isOfficerDatabaseId(v));
  if (stored.length === 0) return 0;
  const known = await officerIdsByLineId(stored);
  let changed = 0;
  for (const lineUserId of stored) {
    const officerId = known.get(lineUserId);
    const update = officerId ? { $set: { officerId } } : { $unset: { officerId: '' } };
    changed += (await collection.updateMany({ officerId: lineUserId }, update)).modifiedCount;
  }
  return changed;
}

async function upgradeSubjects(collection: Raw): Promise<number> {
  const legacy = await collection
    .find({ $or: [{ caseId: { $exists: true } }, { ticketId: { $exists: true } }] }, { projection: { subjectKey: 1, caseId: 1, ticketId: 1 } })
    .limit(BATCH)
    .toArray();
  let changed = 0;
  for (const row of legacy) {
    const kind: ServedKind = typeof row.caseId === 'string' ? 'case' : 'ticket';
    const hashed = servedSubjectKeys(kind, String(kind === 'case' ? row.caseId : row.ticketId))[0];
    const upgrade = (subjectKey: string) => collection.updateOne({ _id: row._id, subjectKey: row.subjectKey }, { $set: { subjectKey }, $unset: { caseId: '', ticketId: '' } });
    try {
      changed += (await upgrade(hashed)).modifiedCount;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      // The subject is stored twice (cannot happen through the chat): the other row keeps the
      // key, this one gets a key of its own, still without the id.
      changed += (await upgrade(`${hashed}#${String(row._id)}`)).modifiedCount;
      logger.warn({ collection: collection.collectionName }, 'survey upgrade: a subject was stored twice; both rows kept');
    }
  }
  return changed;
}

/** Upgrades both collections; returns how many rows changed. */
export async function upgradeStoredSurveys(): Promise<number> {
  let changed = 0;
  for (const model of [SurveyResponseModel, SurveyInvitationModel]) {
    const collection = model.collection as unknown as Raw;
    changed += await upgradeOfficerIds(collection);
    changed += await upgradeSubjects(collection);
  }
  if (changed > 0) logger.info({ changed }, 'survey rows upgraded');
  return changed;
}

/**
 * Runs the upgrade when the server starts and every few hours after, so rows that an instance
 * of an older version writes during a rolling deploy are upgraded too.
 */
export const upgradeSurveysJob: JobDefinition = {
  name: 'surveys.upgrade',
  intervalMs: 6 * 60 * 60_000,
  exclusive: true,
  run: () => upgradeStoredSurveys(),
};
