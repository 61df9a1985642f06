import type { Document } from 'bson';
import { Query } from 'mingo';
import type { Collection, Store } from './storage';
import { hasTtl, isExpired } from './ttl';
import { cloneDoc, isPlainObject, keyOf } from './values';

/** Options for every mingo call: no server-side JavaScript, and $lookup resolved in the same database. */
export function mingoOptions(store: Store, db: string): Options {
  return {
    scriptEnabled: false,
    collectionResolver: (name: string) => {
      const coll = store.collection(db, name);
      return coll ? [...liveDocs(coll)].map(cloneDoc) : [];
    },
  };
}

/** mingo's options type (its own module path for the type does not resolve under node10 resolution). */
export type Options = NonNullable<ConstructorParameters<typeof Query>[1]>;

/** Documents of the collection, minus those a TTL index has expired but the sweep has not yet removed. */
export function liveDocs(coll: Collection, docs: Iterable<Document> = coll.docs.values()): Iterable<Document> {
  if (!hasTtl(coll)) return docs;
  const now = Date.now();
  return [...docs].filter((doc) => !isExpired(coll, doc, now));
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
function equalities(filter: Document, out: Array<[string, unknown[]]>): void {
  for (const [field, cond] of Object.entries(filter)) {
    if (field === '$and' && Array.isArray(cond)) {
      for (const sub of cond) if (isPlainObject(sub)) equalities(sub, out);
      continue;
    }
    if (field.startsWith('$')) continue;
    if (isScalar(cond)) out.push([field, [cond]]);
    else if (isPlainObject(cond)) {
      if ('$eq' in cond && isScalar(cond.$eq)) out.push([field, [cond.$eq]]);
      else if (Array.isArray(cond.$in) && cond.$in.every(isScalar)) out.push([field, cond.$in]);
    }
  }
}

/**
 * The documents that may match the filter: from the _id Map or an index when the filter has an
 * equality on _id or on an index's leading field, else every document. Always a superset of the
 * matches (mingo then tests each), so an index never changes a result, only the work.
 */
export function candidates(coll: Collection, filter: Document): Iterable<Document> {
  const eqs: Array<[string, unknown[]]> = [];
  equalities(filter, eqs);
  let best: Document[] | null = null;
  for (const [field, values] of eqs) {
    let found: Document[] | null = null;
    if (field === '_id') {
      found = [];
      for (const v of values) {
        const doc = coll.docs.get(keyOf(v));
        if (doc) found.push(doc);
      }
    } else {
      const idx = [...coll.indexes.values()].find((i) => i.fields[0] === field && i.servesEquality);
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
  if (!coll) return [];
  const keys = Object.keys(filter);
  // A collation (e.g. case-insensitive) can match keys the binary index would not: scan instead.
  const all = fullScan ? liveDocs(coll) : candidates(coll, filter);
  if (keys.length === 0) return [...all];
  let query: Query | undefined;
  const test = (doc: Document): boolean => (query ??= new Query(filter, options)).test(doc);
  const out: Document[] = [];
  const simple = fullScan ? null : simpleEquality(filter);
  for (const doc of all) {
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

/** Sorts, skips and limits stored documents (mingo's sort order), without copying them. */
export function sortSkipLimit(docs: Document[], sort: Document | undefined, skip: number, limit: number, options: Options): Document[] {
  let out = docs;
  if (sort && Object.keys(sort).length > 0 && out.length > 1) {
    out = new Query({}, options).find(out).sort(sort).all() as Document[];
  }
  if (skip > 0 || limit > 0) out = out.slice(skip, limit > 0 ? skip + limit : undefined);
  return out;
}

/** Applies a find projection to copies of the documents (mingo mutates what it is given). */
export function project(docs: Document[], projection: Document | undefined, options: Options): Document[] {
  if (!projection || Object.keys(projection).length === 0) return docs;
  return new Query({}, options).find(docs.map(cloneDoc), projection).all() as Document[];
}
