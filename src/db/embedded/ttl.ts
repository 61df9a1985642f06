import type { Document } from 'bson';
import type { Index } from './indexes';
import type { Collection, Store } from './storage';
import { pathValues } from './values';

/** When the document expires under these TTL indexes (ms), or Infinity. Like MongoDB, only Dates count, the earliest of an array. */
function expiresAt(doc: Document, ttlIndexes: Index[]): number {
  let at = Infinity;
  for (const idx of ttlIndexes) {
    let earliest = Infinity;
    for (const v of pathValues(doc, idx.fields[0])) if (v instanceof Date) earliest = Math.min(earliest, v.getTime());
    at = Math.min(at, earliest + (idx.spec.expireAfterSeconds as number) * 1000);
  }
  return at;
}

/**
 * The expiry times of a collection's documents, ordered: a binary min-heap of (time, id) with
 * stale entries (the document changed or went) dropped when they surface. A sweep then touches
 * only what is due, and a read knows in O(1) whether anything needs hiding at all.
 */
export class Expiry {
  private readonly byDoc = new WeakMap<Document, number>();
  private readonly byId = new Map<string, number>();
  private heap: Array<[number, string]> = [];

  constructor(private readonly ttlIndexes: Index[]) {}

  track(doc: Document, id: string): void {
    const at = expiresAt(doc, this.ttlIndexes);
    if (at === Infinity) {
      this.byId.delete(id);
      return;
    }
    this.byDoc.set(doc, at);
    if (this.byId.get(id) === at) return;
    this.byId.set(id, at);
    this.push([at, id]);
    if (this.heap.length > 2 * this.byId.size + 1024) this.rebuild();
  }

  untrack(id: string): void {
    this.byId.delete(id);
  }

  /** True when this stored document's expiry time has passed. */
  isExpired(doc: Document, now: number): boolean {
    const at = this.byDoc.get(doc);
    return at !== undefined && at <= now;
  }

  /** The earliest expiry time still pending (Infinity when none). */
  nextAt(): number {
    while (this.heap.length && this.byId.get(this.heap[0][1]) !== this.heap[0][0]) this.pop();
    return this.heap.length ? this.heap[0][0] : Infinity;
  }

  /** Ids of the documents due by `now`, taken off the queue. */
  takeDue(now: number): string[] {
    const due: string[] = [];
    while (this.nextAt() <= now) {
      const [, id] = this.pop();
      this.byId.delete(id);
      due.push(id);
    }
    return due;
  }

  private rebuild(): void {
    this.heap = [];
    for (const [id, at] of this.byId) this.push([at, id]);
  }

  private push(entry: [number, string]): void {
    const h = this.heap;
    h.push(entry);
    for (let i = h.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (h[parent][0] <= h[i][0]) break;
      [h[parent], h[i]] = [h[i], h[parent]];
      i = parent;
    }
  }

  private pop(): [number, string] {
    const h = this.heap;
    const top = h[0];
    const last = h.pop()!;
    if (h.length) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && h[l][0] < h[m][0]) m = l;
        if (r < h.length && h[r][0] < h[m][0]) m = r;
        if (m === i) break;
        [h[m], h[i]] = [h[i], h[m]];
        i = m;
      }
    }
    return top;
  }
}

/** The collection's TTL indexes (single-field, with expireAfterSeconds). */
export function ttlIndexesOf(indexes: Iterable<Index>): Index[] {
  return [...indexes].filter((idx) => typeof idx.spec.expireAfterSeconds === 'number' && idx.fields.length === 1);
}

function* withoutExpired(docs: Iterable<Document>, expiry: Expiry, now: number): Iterable<Document> {
  for (const doc of docs) if (!expiry.isExpired(doc, now)) yield doc;
}

/**
 * Documents of the collection, minus those a TTL index has expired but the sweep has not yet
 * removed. Nothing is copied: unless some document is due, the documents are returned as they are.
 */
export function liveDocs(coll: Collection, docs: Iterable<Document> = coll.docs.values()): Iterable<Document> {
  const expiry = coll.expiry;
  if (!expiry) return docs;
  const now = Date.now();
  return expiry.nextAt() > now ? docs : withoutExpired(docs, expiry, now);
}

/** Removes every expired document from every collection with a TTL index; returns how many. */
export function sweepExpired(store: Store, now = Date.now()): number {
  let removed = 0;
  for (const colls of store.dbs.values()) {
    for (const coll of colls.values()) {
      if (!coll.expiry) continue;
      for (const id of coll.expiry.takeDue(now)) {
        const doc = coll.docs.get(id);
        if (doc) {
          coll.remove(doc);
          removed++;
        }
      }
    }
  }
  return removed;
}
