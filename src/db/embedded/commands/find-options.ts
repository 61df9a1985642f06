import type { Document } from 'bson';
import { CommandError, ErrorCodes } from '../errors';
import type { Collection } from '../storage';
import { isPlainObject } from '../values';

/**
 * find options this server cannot honour. tailable and awaitData are answered as MongoDB answers
 * them on a non-capped collection (the only kind this server has); the others would otherwise be
 * ignored, giving a silently different result.
 */
export function refuseUnsupportedFindOptions(cmd: Document, ns: string): void {
  if (cmd.tailable === true || cmd.awaitData === true) {
    throw new CommandError(ErrorCodes.BadValue, `error processing query: ns=${ns}: tailable cursor requested on non capped collection`);
  }
  for (const option of ['min', 'max', 'returnKey', 'showRecordId']) {
    const v = cmd[option];
    if (v !== undefined && v !== false && !(isPlainObject(v) && Object.keys(v).length === 0)) {
      throw new CommandError(ErrorCodes.BadValue, `find option '${option}' is not supported by the embedded MongoDB server`);
    }
  }
}

/** Throws as MongoDB does when a hint names no existing index; `{ $natural: ±1 }` is always valid. */
export function checkHint(coll: Collection | undefined, hint: unknown): void {
  if (hint === undefined || hint === null || !coll) return;
  if (typeof hint === 'string') {
    if (hint === '_id_' || coll.indexes.has(hint)) return;
  } else if (isPlainObject(hint)) {
    const keys = Object.keys(hint);
    if (keys.length === 0) return;
    if (keys.length === 1 && keys[0] === '$natural') return;
    const pattern = JSON.stringify(Object.entries(hint).map(([k, v]) => [k, Number(v)]));
    const same = (key: Document): boolean => JSON.stringify(Object.entries(key).map(([k, v]) => [k, Number(v)])) === pattern;
    if (same({ _id: 1 }) || [...coll.indexes.values()].some((idx) => same(idx.spec.key))) return;
  }
  throw new CommandError(
    ErrorCodes.BadValue,
    `error processing query: ns=${coll.ns} planner returned error :: caused by :: hint provided does not correspond to an existing index`,
  );
}

/** The direction of a `{ $natural: ±1 }` sort, or 0 when the sort is not on $natural. */
export function naturalDirection(sort: Document | undefined): 1 | -1 | 0 {
  if (!sort || !('$natural' in sort)) return 0;
  if (Object.keys(sort).length !== 1) {
    throw new CommandError(ErrorCodes.BadValue, 'a sort on $natural combined with other fields is not supported by the embedded MongoDB server');
  }
  return Number(sort.$natural) < 0 ? -1 : 1;
}
