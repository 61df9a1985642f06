import type { Document } from 'bson';
import type { Collection, Store } from './storage';
import { pathValues } from './values';

/** True when the collection has a TTL index. */
export function hasTtl(coll: Collection): boolean {
  for (const idx of coll.indexes.values()) if (typeof idx.spec.expireAfterSeconds === 'number') return true;
  return false;
}

/**
 * True when a TTL index (expireAfterSeconds on a date field) says the document has expired. Like
 * MongoDB, only Date values count, and for an array of dates the earliest one decides.
 */
export function isExpired(coll: Collection, doc: Document, now: number): boolean {
  for (const idx of coll.indexes.values()) {
    const secs = idx.spec.expireAfterSeconds;
    if (typeof secs !== 'number' || idx.fields.length !== 1) continue;
    let earliest = Infinity;
    for (const v of pathValues(doc, idx.fields[0])) if (v instanceof Date) earliest = Math.min(earliest, v.getTime());
    if (earliest + secs * 1000 <= now) return true;
  }
  return false;
}

/** Documents of the collection, minus those a TTL index has expired but the sweep has not yet removed. */
export function liveDocs(coll: Collection, docs: Iterable<Document> = coll.docs.values()): Iterable<Document> {
  if (!hasTtl(coll)) return docs;
  const now = Date.now();
  return [...docs].filter((doc) => !isExpired(coll, doc, now));
}

/** Removes every expired document from every collection with a TTL index; returns how many. */
export function sweepExpired(store: Store, now = Date.now()): number {
  let removed = 0;
  for (const colls of store.dbs.values()) {
    for (const coll of colls.values()) {
      if (!hasTtl(coll)) continue;
      for (const doc of [...coll.docs.values()]) {
        if (isExpired(coll, doc, now)) {
          coll.remove(doc);
          removed++;
        }
      }
    }
  }
  return removed;
}
