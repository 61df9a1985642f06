import { calculateObjectSize, Long, type Document } from 'bson';
import { CommandError, ErrorCodes } from './errors';

const DEFAULT_FIRST_BATCH = 101;
/** Keep a reply comfortably under the 16 MB document limit. */
const MAX_BATCH_BYTES = 15 * 1024 * 1024;
/** Like MongoDB, an idle cursor is closed after ten minutes. */
const IDLE_TIMEOUT_MS = 10 * 60 * 1000;

interface OpenCursor {
  ns: string;
  docs: Document[];
  pos: number;
  touched: number;
}

/**
 * Open cursors. A cursor holds the full result computed when it was opened (stored documents are
 * never mutated in place, so later writes do not change a batch not yet sent).
 */
export class Cursors {
  private readonly open = new Map<string, OpenCursor>();
  private nextId = 1;

  /** The reply for a query: the first batch, and a cursor id when more remains. */
  first(ns: string, docs: Document[], batchSize: number | undefined, singleBatch: boolean): Document {
    const size = batchSize && batchSize > 0 ? batchSize : DEFAULT_FIRST_BATCH;
    const firstBatch = take(docs, 0, size);
    let id = Long.ZERO;
    if (!singleBatch && firstBatch.length < docs.length) {
      this.sweepIdle();
      id = Long.fromNumber(this.nextId++);
      this.open.set(id.toString(), { ns, docs, pos: firstBatch.length, touched: Date.now() });
    }
    return { cursor: { firstBatch, id, ns }, ok: 1 };
  }

  /** The reply for getMore. */
  more(id: unknown, batchSize: number | undefined): Document {
    const key = String(id);
    const cur = this.open.get(key);
    if (!cur) throw new CommandError(ErrorCodes.CursorNotFound, `cursor id ${key} not found`);
    const nextBatch = take(cur.docs, cur.pos, batchSize && batchSize > 0 ? batchSize : Infinity);
    cur.pos += nextBatch.length;
    cur.touched = Date.now();
    let outId = Long.fromString(key);
    if (cur.pos >= cur.docs.length) {
      this.open.delete(key);
      outId = Long.ZERO;
    }
    return { cursor: { nextBatch, id: outId, ns: cur.ns }, ok: 1 };
  }

  /** Closes cursors; answers as killCursors does. */
  kill(ids: unknown[]): Document {
    const killed: unknown[] = [];
    const notFound: unknown[] = [];
    for (const id of ids) (this.open.delete(String(id)) ? killed : notFound).push(id);
    return { cursorsKilled: killed, cursorsNotFound: notFound, cursorsAlive: [], cursorsUnknown: [], ok: 1 };
  }

  private sweepIdle(): void {
    const cutoff = Date.now() - IDLE_TIMEOUT_MS;
    for (const [id, cur] of this.open) if (cur.touched < cutoff) this.open.delete(id);
  }
}

function take(docs: Document[], from: number, count: number): Document[] {
  const out: Document[] = [];
  let bytes = 0;
  for (let i = from; i < docs.length && out.length < count; i++) {
    if (docs.length - from > 1) {
      bytes += calculateObjectSize(docs[i]);
      if (bytes > MAX_BATCH_BYTES && out.length > 0) break;
    }
    out.push(docs[i]);
  }
  return out;
}
