import type { Document } from 'bson';
import { compileQuery, FULL_CONTEXT, type Query, type Options } from './mingo';
import { collationCompare } from './ordering';
import { refuseUnsupportedOperators } from './pipeline-checks';
import { sortDocuments } from './sort';
import type { Collection, Store } from './storage';
import { liveDocs } from './ttl';
import { cloneDoc, isPlainObject, keyOf } from './values';

export type { Options } from './mingo';

/** Options for every mingo call: no server-side JavaScript, and $lookup resolved in the same database. */
export function mingoOptions(store: Store, db: string): Options {
  return {
    scriptEnabled: false,
    context: FULL_CONTEXT,
    collectionResolver: (name: string) => {
      const coll = store.collection(db, name);
      if (!coll) return [];
      coll.refuseWideNumbers(`reading ${db}.${name} for $lookup, $unionWith or $graphLookup`);
      return [...liveDocs(coll)].map(cloneDoc);
    },
  } as Options;
}

function isScalar(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v !== 'object') return true;
  if (v instanceof Date) return true;
  if (Array.isArray(v) || v instanceof RegExp || isPlainObject(v)) return false;
  const t = (v as { _bsontype?: string })._bsontype;
  return t === 'ObjectId' || t === 'Long' || t === 'Decimal128' || t === 'Int32' || t === 'Double';
}

/** Equality conditions `{ field: scalar }`, `{ field: { $eq } }` and `{ field: { $in: [...] } }` of a filter. */
function equalities(filter: Document, out: Map<string, unknown[]>): Map<string, unknown[]> {
  for (const [field, cond] of Object.entries(filter)) {
    if (field === '$and' && Array.isArray(cond)) {
      for (const sub of cond) if (isPlainObject(sub)) equalities(sub, out);
      continue;
    }
    if (field.startsWith('$') || out.has(field)) continue;
    if (isScalar(cond)) out.set(field, [cond]);
    else if (isPlainObject(cond)) {
      if ('$eq' in cond && isScalar(cond.$eq)) out.set(field, [cond.$eq]);
      else if (Array.isArray(cond.$in) && cond.$in.every(isScalar)) out.set(field, cond.$in);
    }
  }
  return out;
}

/** The stored documents with these _id values, each once (1, 1.0 and Long(1) are the same _id). */
function byIds(coll: Collection, values: unknown[]): Document[] {
  const seen = new Set<string>();
  const found: Document[] = [];
  for (const v of values) {
    const key = keyOf(v);
    if (seen.has(key)) continue;
    seen.add(key);
    const doc = coll.docs.get(key);
    if (doc) found.push(doc);
  }
  return found;
}

/**
 * The documents that may match the filter: from the _id Map or an index when the filter has an
 * equality on _id or on the leading field of an index that holds every match, else every
 * document. Always a superset of the matches without repeats (mingo then tests each), so an
 * index never changes a result, only the work.
 */
export function candidates(coll: Collection, filter: Document): Iterable<Document> {
  const eqs = equalities(filter, new Map());
  let best: Document[] | null = null;
  for (const [field, values] of eqs) {
    let found: Document[];
    if (field === '_id') found = byIds(coll, values);
    else {
      const idx = [...coll.indexes.values()].find((i) => i.fields[0] === field && i.holdsAllMatches(eqs));
      if (!idx) continue;
      const ids = new Set<string>();
      for (const v of values) for (const id of idx.lookup(v)) ids.add(id);
      found = [];
      for (const id of ids) {
        const doc = coll.docs.get(id);
        if (doc) found.push(doc);
      }
    }
    if (!best || found.length < best.length) best = found;
    if (best.length <= 1) break;
  }
  return liveDocs(coll, best ?? coll.docs.values());
}

/** The stored documents matching a filter, in natural order when no index applies. */
export function matching(coll: Collection | undefined, filter: Document, options: Options, fullScan = false): Document[] {
  const keys = Object.keys(filter);
  const simple = fullScan ? null : simpleEquality(filter);
  if (keys.length && !simple) refuseUnsupportedOperators(filter);
  if (!coll) return [];
  // A collation (e.g. case-insensitive) can match keys the binary index would not: scan instead.
  const all = fullScan ? liveDocs(coll) : candidates(coll, filter);
  let examined = 0;
  const out: Document[] = [];
  if (keys.length === 0) {
    for (const doc of all) out.push(doc);
    coll.store.stats.scannedObjects += out.length;
    return out;
  }
  let query: Query | undefined;
  const test = (doc: Document): boolean => (query ??= compileQuery(filter, options)).test(doc);
  for (const doc of all) {
    examined++;
    if (simple) {
      const value = doc[simple.field];
      // Only a non-array value can be decided by key equality; arrays go to mingo.
      if (!Array.isArray(value)) {
        if (keyOf(value) === simple.key) out.push(doc);
        continue;
      }
    }
    if (test(doc)) out.push(doc);
  }
  coll.store.stats.scannedObjects += examined;
  return out;
}

/**
 * `{ field: value }` with a top-level field and a string, number, boolean, Date or ObjectId: the
 * shape of most lookups. Building a mingo Query costs more than the rest of a find (it copies its
 * operator tables), and for this shape MongoDB's equality is exactly equality of canonical keys.
 */
function simpleEquality(filter: Document): { field: string; key: string } | null {
  const keys = Object.keys(filter);
  if (keys.length !== 1) return null;
  const field = keys[0];
  const value = filter[field];
  if (field.startsWith('$') || field.includes('.')) return null;
  const t = typeof value;
  const ok = t === 'string' || t === 'number' || t === 'boolean' || value instanceof Date || (value as { _bsontype?: string } | null)?._bsontype === 'ObjectId';
  return ok ? { field, key: keyOf(value) } : null;
}

/** Sorts (in MongoDB's order), skips and limits stored documents, without copying them. */
export function sortSkipLimit(docs: Document[], sort: Document | undefined, skip: number, limit: number, options: Options): Document[] {
  let out = docs;
  if (sort && Object.keys(sort).length > 0) out = sortDocuments(out, sort, collationCompare(options.collation));
  if (skip > 0 || limit > 0) out = out.slice(skip, limit > 0 ? skip + limit : undefined);
  return out;
}
