import type { Document } from 'bson';
import { numberKey } from './numbers';

/** A BSON value object (ObjectId, Long, Decimal128, Binary, ...) carries its type name here. */
function bsonType(v: object): string | undefined {
  const t = (v as { _bsontype?: unknown })._bsontype;
  return typeof t === 'string' ? t : undefined;
}

/** True for `{...}` documents (not arrays, dates, regexes or BSON value objects). */
export function isPlainObject(v: unknown): v is Document {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * A canonical string for a value, equal for values MongoDB treats as equal in an index
 * (1, 1.0 and Long(1) share a key), so Maps keyed by it serve as equality indexes.
 */
export function keyOf(v: unknown): string {
  if (v === undefined || v === null) return 'z';
  switch (typeof v) {
    case 'number':
      return Number.isInteger(v) && Math.abs(v) < 1e21 ? 'n' + (v === 0 ? '0' : String(v)) : numberKey(v);
    case 'string':
      return 's' + v;
    case 'boolean':
      return v ? 'b1' : 'b0';
    case 'bigint':
      return numberKey(v);
    case 'object':
      break;
    default:
      return 'u' + String(v);
  }
  if (v instanceof Date) return 'd' + v.getTime();
  if (Array.isArray(v)) return 'a' + JSON.stringify(v.map(keyOf));
  if (v instanceof RegExp) return 'r' + String(v);
  const t = bsonType(v);
  if (t === 'ObjectId') return 'o' + (v as { toHexString(): string }).toHexString();
  if (t === 'Long' || t === 'Decimal128') return numberKey(v);
  if (t === 'Int32' || t === 'Double') return numberKey(Number((v as { valueOf(): unknown }).valueOf()));
  if (t === 'Binary') {
    const b = v as { sub_type: number; buffer: Uint8Array };
    return 'x' + b.sub_type + ':' + Buffer.from(b.buffer).toString('base64');
  }
  if (t) return 't' + t + ':' + JSON.stringify(v);
  return 'O' + JSON.stringify(Object.entries(v as Document).map(([k, x]) => [k, keyOf(x)]));
}

/**
 * The values a dotted path reaches in a document, descending into arrays as MongoDB's multikey
 * indexes do. A path that reaches nothing yields `[undefined]`.
 */
export function pathValues(doc: Document, path: string): unknown[] {
  const out: unknown[] = [];
  collect(doc, path.split('.'), 0, out);
  return out.length ? out : [undefined];
}

function collect(value: unknown, parts: string[], i: number, out: unknown[]): void {
  if (i === parts.length) {
    if (Array.isArray(value)) {
      if (value.length === 0) out.push(undefined);
      else out.push(...value);
    } else out.push(value);
    return;
  }
  if (Array.isArray(value)) {
    const seg = parts[i];
    if (/^\d+$/.test(seg)) collect(value[Number(seg)], parts, i + 1, out);
    else for (const el of value) collect(isPlainObject(el) ? el[seg] : undefined, parts, i + 1, out);
    return;
  }
  if (isPlainObject(value)) collect(value[parts[i]], parts, i + 1, out);
  else out.push(undefined);
}

/** Sets a dotted path in a document, creating the objects on the way; returns the document. */
export function setPath(target: Document, path: string, value: unknown): Document {
  const parts = path.split('.');
  let cur = target;
  for (const p of parts.slice(0, -1)) {
    if (!isPlainObject(cur[p])) cur[p] = {};
    cur = cur[p] as Document;
  }
  cur[parts[parts.length - 1]] = value;
  return target;
}

/** The value at a dotted path without descending into arrays (for keyValue in error replies). */
export function getPath(doc: Document, path: string): unknown {
  let cur: unknown = doc;
  for (const seg of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Document)[seg];
  }
  return cur;
}

/**
 * A deep copy of documents and arrays. BSON value objects are immutable and shared; Dates are copied
 * because update operators may hold them. Stored documents are never mutated in place: an update
 * works on a copy, so open cursors and replies keep seeing the version they read.
 */
export function cloneDoc<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(cloneDoc) as T;
  if (v instanceof Date) return new Date(v.getTime()) as T;
  if (!isPlainObject(v)) return v;
  const out: Document = {};
  for (const k of Object.keys(v)) out[k] = cloneDoc((v as Document)[k]);
  return out as T;
}

/** Returns the document with `_id` as its first field, as MongoDB stores and returns it. */
export function idFirst(doc: Document): Document {
  const keys = Object.keys(doc);
  if (keys[0] === '_id' || !('_id' in doc)) return doc;
  const out: Document = { _id: doc._id };
  for (const k of keys) if (k !== '_id') out[k] = doc[k];
  return out;
}

/** Renders a value the way the server prints it in `dup key: { ... }` messages. */
export function formatValue(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v !== 'object') return String(v);
  if (v instanceof Date) return `new Date(${v.getTime()})`;
  if (Array.isArray(v)) return '[ ' + v.map(formatValue).join(', ') + ' ]';
  const t = bsonType(v);
  if (t === 'ObjectId') return `ObjectId('${(v as { toHexString(): string }).toHexString()}')`;
  if (t) return String(v);
  return '{ ' + Object.entries(v as Document).map(([k, x]) => `${k}: ${formatValue(x)}`).join(', ') + ' }';
}
