import { OfficerModel } from '../officers/officer.model';

const OBJECT_ID = /^[0-9a-f]{24}$/i;

/** True when the value has the shape of an officer's database id (what responses store). */
export function isOfficerDatabaseId(value: string): boolean {
  return OBJECT_ID.test(value);
}

/**
 * The officer's database id, whatever the trigger gave: a closed case names its holder by LINE
 * user id, a served ticket by database id. Responses store the database id only, so one officer
 * is one group in the report and no LINE id reaches executives. Undefined when it names nobody
 * we know (an id that cannot be named in a report is not worth keeping).
 */
export async function resolveOfficerId(given: string | undefined): Promise<string | undefined> {
  if (!given) return undefined;
  const byLineId = await OfficerModel.findOne({ lineUserId: given }, { _id: 1 }).lean();
  if (byLineId) return String(byLineId._id);
  if (!isOfficerDatabaseId(given)) return undefined;
  return (await OfficerModel.exists({ _id: given })) ? given.toLowerCase() : undefined;
}

/** Database ids of the officers bound to these LINE user ids (the upgrade of stored rows). */
export async function officerIdsByLineId(lineUserIds: string[]): Promise<Map<string, string>> {
  const found = await OfficerModel.find({ lineUserId: { $in: lineUserIds } }, { _id: 1, lineUserId: 1 }).lean();
  return new Map(found.map((o) => [o.lineUserId, String(o._id)]));
}
