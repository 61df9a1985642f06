import { ObjectId, type Document } from 'bson';
import { CommandError, ErrorCodes } from './errors';
import { defaultIndexName, Index, type IndexSpec } from './indexes';
import { findWide } from './numbers';
import { Expiry, ttlIndexesOf } from './ttl';
import { formatValue, idFirst, keyOf } from './values';

/** One journal record: every change to the data is one of these (see persistence.ts). */
export type JournalRecord =
  | { o: 'put'; d: string; c: string; doc: Document }
  | { o: 'del'; d: string; c: string; id: unknown }
  | { o: 'cc'; d: string; c: string; opts: Document }
  | { o: 'dc'; d: string; c: string }
  | { o: 'dd'; d: string }
  | { o: 'ci'; d: string; c: string; spec: IndexSpec }
  | { o: 'di'; d: string; c: string; name: string };

const ID_INDEX: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };

/**
 * A collection: documents in a Map keyed by the canonical encoding of their _id (so an _id lookup
 * is a Map get), plus secondary indexes. Every change goes through insert/replace/remove, which
 * check unique indexes before touching anything, so a failed write changes nothing.
 */
export class Collection {
  readonly docs = new Map<string, Document>();
  readonly indexes = new Map<string, Index>();
  readonly uuid = new ObjectId();
  /** Expiry times under the TTL indexes; null when the collection has none. */
  expiry: Expiry | null = null;
  /** Ids of the documents holding a Long or Decimal128 anywhere (aggregation cannot compute on them). */
  private readonly wideIds = new Set<string>();

  constructor(
    readonly store: Store,
    readonly db: string,
    readonly name: string,
    readonly options: Document,
  ) {}

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  /** Inserts a new document (adds _id first when missing); throws E11000 on a duplicate. */
  insert(input: Document): Document {
    const doc = input._id === undefined ? { _id: new ObjectId(), ...input } : idFirst(input);
    const id = keyOf(doc._id);
    this.removeExpiredConflicts(doc, id, true);
    if (this.docs.has(id)) {
      throw new CommandError(
        ErrorCodes.DuplicateKey,
        `E11000 duplicate key error collection: ${this.ns} index: _id_ dup key: { _id: ${formatValue(doc._id)} }`,
        { keyPattern: { _id: 1 }, keyValue: { _id: doc._id } },
      );
    }
    for (const idx of this.indexes.values()) idx.check(doc, id, this.ns);
    this.put(doc);
    this.store.record({ o: 'put', d: this.db, c: this.name, doc });
    return doc;
  }

  /** Replaces a stored document by a new version with the same _id. */
  replace(old: Document, next: Document): void {
    const id = keyOf(old._id);
    this.removeExpiredConflicts(next, id, false);
    for (const idx of this.indexes.values()) idx.check(next, id, this.ns);
    this.put(next, old);
    this.store.record({ o: 'put', d: this.db, c: this.name, doc: next });
  }

  /**
   * Reads already leave out documents a TTL index has expired before the sweep removes them, so
   * such a document must not block a write either: it is removed now instead of failing with E11000.
   */
  private removeExpiredConflicts(doc: Document, id: string, includeSameId: boolean): void {
    const expiry = this.expiry;
    if (!expiry) return;
    const now = Date.now();
    if (expiry.nextAt() > now) return;
    const ids = new Set<string>();
    if (includeSameId && this.docs.has(id)) ids.add(id);
    for (const idx of this.indexes.values()) for (const other of idx.conflicts(doc, id)) ids.add(other);
    for (const other of ids) {
      const stored = this.docs.get(other);
      if (stored && expiry.isExpired(stored, now)) this.remove(stored);
    }
  }

  /** Removes a stored document. */
  remove(doc: Document): void {
    this.drop(keyOf(doc._id));
    this.store.record({ o: 'del', d: this.db, c: this.name, id: doc._id });
  }

  /** Applies a journal `put` without checks (the write was checked when it was acknowledged). */
  put(doc: Document, old?: Document): void {
    const id = keyOf(doc._id);
    const prev = old ?? this.docs.get(id);
    if (prev) for (const idx of this.indexes.values()) idx.remove(prev, id);
    this.docs.set(id, doc);
    for (const idx of this.indexes.values()) idx.add(doc, id);
    this.expiry?.track(doc, id);
    if (findWide(doc) !== null) this.wideIds.add(id);
    else this.wideIds.delete(id);
  }

  /** Applies a journal `del`. */
  drop(id: string): void {
    const prev = this.docs.get(id);
    if (!prev) return;
    for (const idx of this.indexes.values()) idx.remove(prev, id);
    this.docs.delete(id);
    this.expiry?.untrack(id);
    this.wideIds.delete(id);
  }

  /** True when some document holds a Long or Decimal128 (a cheap test before looking at each). */
  get holdsWideNumbers(): boolean {
    return this.wideIds.size > 0;
  }

  /**
   * Throws when a document holds a Long or Decimal128: mingo's aggregation would compare them by
   * their strings and not add them at all, so the answer would be silently wrong.
   */
  refuseWideNumbers(what: string): void {
    for (const id of this.wideIds) {
      const doc = this.docs.get(id);
      const wide = doc ? findWide(doc) : null;
      if (!wide) continue;
      throw new CommandError(
        ErrorCodes.BadValue,
        `${what}: the embedded MongoDB server cannot compute on ${wide.type} values (field '${wide.path}' of ${this.ns}) in aggregation; store such numbers as numbers, or use a real MongoDB`,
      );
    }
  }

  /** Adds an index built over the stored documents, without checks (journal replay). */
  addIndex(idx: Index): void {
    for (const [id, doc] of this.docs) idx.add(doc, id);
    this.indexes.set(idx.spec.name, idx);
    this.refreshExpiry();
  }

  /** Removes an index by name; false when there was none. */
  removeIndex(name: string): boolean {
    if (!this.indexes.delete(name)) return false;
    this.refreshExpiry();
    return true;
  }

  /** Rebuilds the expiry queue after a TTL index came or went. */
  private refreshExpiry(): void {
    const ttl = ttlIndexesOf(this.indexes.values());
    if (ttl.length === 0) {
      this.expiry = null;
      return;
    }
    this.expiry = new Expiry(ttl);
    for (const [id, doc] of this.docs) this.expiry.track(doc, id);
  }

  /** Index specs as listIndexes shows them, the _id index first. */
  indexSpecs(): IndexSpec[] {
    return [ID_INDEX, ...[...this.indexes.values()].map((i) => i.spec)];
  }

  /**
   * Creates an index, building it over the existing documents. Returns false when an identical
   * index already exists; throws on a conflicting one or on duplicates for a unique index.
   */
  createIndex(input: IndexSpec): boolean {
    const spec: IndexSpec = { v: 2, ...input, name: input.name ?? defaultIndexName(input.key) };
    if (spec.name === '_id_' || JSON.stringify(spec.key) === '{"_id":1}') return false;
    for (const existing of this.indexes.values()) {
      const sameKey = JSON.stringify(existing.spec.key) === JSON.stringify(spec.key);
      const sameName = existing.spec.name === spec.name;
      if (!sameKey && !sameName) continue;
      if (sameKey && sameName && sameOptions(existing.spec, spec)) return false;
      if (sameName) {
        throw new CommandError(
          ErrorCodes.IndexKeySpecsConflict,
          `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(existing.spec)}`,
        );
      }
      if (JSON.stringify(existing.spec.partialFilterExpression) === JSON.stringify(spec.partialFilterExpression)) {
        throw new CommandError(
          ErrorCodes.IndexOptionsConflict,
          `An equivalent index already exists with a different name and options. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(existing.spec)}`,
        );
      }
    }
    const idx = new Index(spec);
    for (const [id, doc] of this.docs) {
      idx.check(doc, id, this.ns);
      idx.add(doc, id);
    }
    this.indexes.set(spec.name, idx);
    this.refreshExpiry();
    this.store.record({ o: 'ci', d: this.db, c: this.name, spec });
    return true;
  }

  /** Drops one secondary index by name. */
  dropIndex(name: string): void {
    if (!this.removeIndex(name)) {
      throw new CommandError(ErrorCodes.IndexNotFound, `index not found with name [${name}]`);
    }
    this.store.record({ o: 'di', d: this.db, c: this.name, name });
  }
}

function sameOptions(a: IndexSpec, b: IndexSpec): boolean {
  const pick = (s: IndexSpec): string =>
    JSON.stringify([!!s.unique, !!s.sparse, s.partialFilterExpression ?? null, s.expireAfterSeconds ?? null]);
  return pick(a) === pick(b);
}

/**
 * All databases and collections. Changes are recorded (when a journal is attached) into a pending
 * list that the server writes out in one go before it replies to the command that made them.
 */
export class Store {
  readonly dbs = new Map<string, Map<string, Collection>>();
  /** Counters served by serverStatus (metrics.queryExecutor), as MongoDB keeps them. */
  readonly stats = { scannedObjects: 0 };
  private pending: JournalRecord[] = [];
  recording = false;

  /** Queues a record for the journal; a no-op when running without a data file. */
  record(rec: JournalRecord): void {
    if (this.recording) this.pending.push(rec);
  }

  /** Takes the records queued since the last call. */
  takePending(): JournalRecord[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }

  collection(db: string, name: string): Collection | undefined {
    return this.dbs.get(db)?.get(name);
  }

  /** The collection, created implicitly (as inserts and upserts do) when missing. */
  ensureCollection(db: string, name: string, opts: Document = {}): Collection {
    return this.collection(db, name) ?? this.createCollection(db, name, opts);
  }

  /** Creates a collection; throws NamespaceExists (48) when it exists. */
  createCollection(db: string, name: string, opts: Document = {}): Collection {
    if (this.collection(db, name)) {
      throw new CommandError(ErrorCodes.NamespaceExists, `Collection ${db}.${name} already exists.`);
    }
    let colls = this.dbs.get(db);
    if (!colls) this.dbs.set(db, (colls = new Map()));
    const coll = new Collection(this, db, name, opts);
    colls.set(name, coll);
    this.record({ o: 'cc', d: db, c: name, opts });
    return coll;
  }

  /** Drops a collection; returns false when it did not exist. */
  dropCollection(db: string, name: string): boolean {
    const colls = this.dbs.get(db);
    if (!colls?.delete(name)) return false;
    if (colls.size === 0) this.dbs.delete(db);
    this.record({ o: 'dc', d: db, c: name });
    return true;
  }

  /** Drops a database and all its collections. */
  dropDatabase(db: string): void {
    if (this.dbs.delete(db)) this.record({ o: 'dd', d: db });
  }

  /** Applies a journal record (at start-up, when replaying). */
  apply(rec: JournalRecord): void {
    switch (rec.o) {
      case 'put':
        this.ensureCollection(rec.d, rec.c).put(rec.doc);
        break;
      case 'del':
        this.collection(rec.d, rec.c)?.drop(keyOf(rec.id));
        break;
      case 'cc':
        if (!this.collection(rec.d, rec.c)) this.createCollection(rec.d, rec.c, rec.opts);
        break;
      case 'dc':
        this.dropCollection(rec.d, rec.c);
        break;
      case 'dd':
        this.dropDatabase(rec.d);
        break;
      case 'ci': {
        const coll = this.ensureCollection(rec.d, rec.c);
        if (!coll.indexes.has(rec.spec.name)) coll.addIndex(new Index(rec.spec));
        break;
      }
      case 'di':
        this.collection(rec.d, rec.c)?.removeIndex(rec.name);
        break;
    }
  }

  /** The whole state as records, for a snapshot. */
  *snapshot(): Generator<JournalRecord> {
    for (const [d, colls] of this.dbs) {
      for (const [c, coll] of colls) {
        yield { o: 'cc', d, c, opts: coll.options };
        for (const idx of coll.indexes.values()) yield { o: 'ci', d, c, spec: idx.spec };
        for (const doc of coll.docs.values()) yield { o: 'put', d, c, doc };
      }
    }
  }
}
