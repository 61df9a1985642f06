import fs from 'node:fs';
import { BSON } from 'bson';
import type { EmbeddedLogger } from './logger';
import type { JournalRecord, Store } from './storage';
import { DESERIALIZE_OPTIONS } from './wire';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (IEEE), as zlib computes it; node:zlib has no crc32 in Node 20. */
export function crc32(buf: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** One framed record: [length u32][crc32 u32][BSON]. */
function frame(rec: JournalRecord): Buffer {
  const body = BSON.serialize(rec, { ignoreUndefined: false });
  const head = Buffer.allocUnsafe(8);
  head.writeUInt32LE(body.length, 0);
  head.writeUInt32LE(crc32(body), 4);
  return Buffer.concat([head, body]);
}

/** True when a whole, intact record starts at `p`: a plausible length, a BSON body of that length, a matching CRC. */
function recordAt(buf: Buffer, p: number): number {
  if (p + 8 > buf.length) return -1;
  const len = buf.readUInt32LE(p);
  if (len < 5 || p + 8 + len > buf.length || buf.readInt32LE(p + 8) !== len) return -1;
  return crc32(buf.subarray(p + 8, p + 8 + len)) === buf.readUInt32LE(p + 4) ? len : -1;
}

/** The offset of the next intact record after a bad one, or -1 when none follows. */
function resync(buf: Buffer, from: number): number {
  for (let q = from; q + 8 < buf.length; q++) if (recordAt(buf, q) >= 0) return q;
  return -1;
}

interface ReadResult {
  records: JournalRecord[];
  /** Bytes up to the end of the last intact record. */
  validBytes: number;
  /** Unreadable stretches followed by intact records: each lost at least one record. */
  skippedRegions: number;
  skippedBytes: number;
}

/**
 * Reads framed records. A bad record followed by intact ones is skipped (its length is trusted
 * when its framing holds, else the next intact record is searched for), so one corrupt record
 * does not lose every write after it; bad bytes with nothing intact after them are a torn tail.
 */
function readRecords(buf: Buffer): ReadResult {
  const out: ReadResult = { records: [], validBytes: 0, skippedRegions: 0, skippedBytes: 0 };
  let p = 0;
  while (p + 8 <= buf.length) {
    const len = recordAt(buf, p);
    if (len >= 0) {
      out.records.push(BSON.deserialize(buf.subarray(p + 8, p + 8 + len), DESERIALIZE_OPTIONS) as JournalRecord);
      p += 8 + len;
      out.validBytes = p;
      continue;
    }
    const framed = buf.readUInt32LE(p);
    const next = framed >= 5 && p + 8 + framed < buf.length && recordAt(buf, p + 8 + framed) >= 0 ? p + 8 + framed : resync(buf, p + 1);
    if (next < 0) break;
    out.skippedRegions++;
    out.skippedBytes += next - p;
    p = next;
  }
  return out;
}

/**
 * Durability for the embedded server: a snapshot file (the whole state, replaced atomically by
 * writing a temporary file and renaming it) plus an append-only journal of the changes since.
 * Each command's changes are appended with one writeSync before its reply is sent, so a kill -9
 * loses only writes that were never acknowledged.
 */
export class Persistence {
  private readonly journalPath: string;
  private fd = -1;
  private journalBytes = 0;

  constructor(
    private readonly dataFile: string,
    private readonly store: Store,
    private readonly logger: EmbeddedLogger,
    private readonly compactAtBytes = 64 * 1024 * 1024,
  ) {
    this.journalPath = dataFile + '.journal';
  }

  /** Loads the snapshot and replays the journal, then compacts both into a fresh snapshot. */
  open(): void {
    let count = 0;
    for (const [file, kind] of [[this.dataFile, 'snapshot'], [this.journalPath, 'journal']] as const) {
      if (!fs.existsSync(file)) continue;
      const buf = fs.readFileSync(file);
      const { records, validBytes, skippedRegions, skippedBytes } = readRecords(buf);
      if (skippedRegions > 0) this.keepCorruptCopy(file, kind, skippedRegions, skippedBytes);
      if (validBytes < buf.length) {
        this.logger.warn({ file, validBytes, droppedBytes: buf.length - validBytes }, `embedded MongoDB: skipped a torn or corrupt record at the end of the ${kind}`);
      }
      for (const rec of records) this.store.apply(rec);
      count += records.length;
    }
    this.fd = fs.openSync(this.journalPath, 'a');
    this.compact();
    this.store.recording = true;
    this.logger.info({ dataFile: this.dataFile, records: count }, 'embedded MongoDB: data loaded');
  }

  /**
   * Corrupt records in the middle of a file are not a torn write: something damaged acknowledged
   * data. The file is copied aside before compaction rewrites it, so what was lost can be examined.
   */
  private keepCorruptCopy(file: string, kind: string, regions: number, bytes: number): void {
    const copy = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    fs.copyFileSync(file, copy);
    this.logger.error(
      { file, copy, droppedRecords: regions, droppedBytes: bytes },
      `embedded MongoDB: ${regions} corrupt record(s) in the middle of the ${kind} were skipped (at least ${regions} acknowledged write(s) lost, ${bytes} bytes); the records after them were kept, and the original file was copied to ${copy}`,
    );
  }

  /** Appends the changes made by the last command; compacts when the journal has grown large. */
  flush(): void {
    const recs = this.store.takePending();
    if (recs.length === 0 || this.fd < 0) return;
    const buf = recs.length === 1 ? frame(recs[0]) : Buffer.concat(recs.map(frame));
    fs.writeSync(this.fd, buf);
    this.journalBytes += buf.length;
    if (this.journalBytes >= this.compactAtBytes) this.compact();
  }

  /** Writes the whole state to a new snapshot, renames it into place, then empties the journal. */
  compact(): void {
    const tmp = this.dataFile + '.tmp';
    const out = fs.openSync(tmp, 'w');
    try {
      let chunk: Buffer[] = [];
      let size = 0;
      for (const rec of this.store.snapshot()) {
        const f = frame(rec);
        chunk.push(f);
        size += f.length;
        if (size > 4 * 1024 * 1024) {
          fs.writeSync(out, Buffer.concat(chunk));
          chunk = [];
          size = 0;
        }
      }
      if (chunk.length) fs.writeSync(out, Buffer.concat(chunk));
      fs.fsyncSync(out);
    } finally {
      fs.closeSync(out);
    }
    fs.renameSync(tmp, this.dataFile);
    if (this.fd >= 0) fs.ftruncateSync(this.fd, 0);
    this.journalBytes = 0;
  }

  /** Flushes pending changes and closes the journal. */
  close(): void {
    this.flush();
    if (this.fd >= 0) {
      fs.fsyncSync(this.fd);
      fs.closeSync(this.fd);
      this.fd = -1;
    }
  }
}
