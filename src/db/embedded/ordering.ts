import type { Document } from 'bson';
import { CommandError, ErrorCodes } from './errors';
import { compareNumbers } from './numbers';
import { isPlainObject } from './values';

/** A string comparison for a collation; undefined means binary (MongoDB's "simple"). */
export type StringCompare = ((a: string, b: string) => number) | undefined;

const bsonTypeOf = (v: object): string | undefined => (v as { _bsontype?: string })._bsontype;

/**
 * MongoDB's canonical type order: MinKey, missing/undefined, null, numbers, strings (and symbols),
 * objects, arrays, binary, ObjectId, booleans, dates, timestamps, regular expressions, code, MaxKey.
 * Values of different ranks compare by rank alone; numbers of any type share a rank.
 */
export function typeRank(v: unknown): number {
  switch (typeof v) {
    case 'undefined':
      return 1;
    case 'number':
    case 'bigint':
      return 3;
    case 'string':
      return 4;
    case 'boolean':
      return 9;
  }
  if (v === null) return 2;
  if (Array.isArray(v)) return 6;
  if (v instanceof Date) return 10;
  if (v instanceof RegExp) return 12;
  if (v instanceof Uint8Array) return 7;
  switch (bsonTypeOf(v as object)) {
    case undefined:
      return 5;
    case 'MinKey':
      return 0;
    case 'Long':
    case 'Decimal128':
    case 'Int32':
    case 'Double':
      return 3;
    case 'BSONSymbol':
      return 4;
    case 'DBRef':
      return 5;
    case 'Binary':
      return 7;
    case 'ObjectId':
      return 8;
    case 'Timestamp':
      return 11;
    case 'BSONRegExp':
      return 12;
    case 'Code':
      return 13;
    case 'MaxKey':
      return 14;
    default:
      return 5;
  }
}

/** UTF-8 byte order (as MongoDB compares strings), which differs from UTF-16 order only around surrogates. */
function binaryCompare(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const surrogateX = x >= 0xd800 && x <= 0xdfff;
    const surrogateY = y >= 0xd800 && y <= 0xdfff;
    if (surrogateX !== surrogateY) return surrogateX ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length < 0 ? -1 : a.length > b.length ? 1 : 0;
}

function bytesOf(v: unknown): Uint8Array {
  if (v instanceof Uint8Array) return v;
  return (v as { buffer: Uint8Array }).buffer;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  return Math.sign(Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)));
}

function compareSameRank(rank: number, a: unknown, b: unknown, strings: StringCompare): number {
  switch (rank) {
    case 3:
      return compareNumbers(a, b);
    case 4: {
      const x = String(a);
      const y = String(b);
      return strings ? Math.sign(strings(x, y)) : binaryCompare(x, y);
    }
    case 5:
      return compareObjects(a as Document, b as Document, strings);
    case 6:
      return compareArrays(a as unknown[], b as unknown[], strings);
    case 7: {
      const x = bytesOf(a);
      const y = bytesOf(b);
      if (x.length !== y.length) return x.length < y.length ? -1 : 1;
      const st = ((a as { sub_type?: number }).sub_type ?? 0) - ((b as { sub_type?: number }).sub_type ?? 0);
      return st !== 0 ? Math.sign(st) : compareBytes(x, y);
    }
    case 8:
      return binaryCompare((a as { toHexString(): string }).toHexString(), (b as { toHexString(): string }).toHexString());
    case 9:
      return a === b ? 0 : a ? 1 : -1;
    case 10:
      return Math.sign((a as Date).getTime() - (b as Date).getTime());
    case 11: {
      const x = a as { high: number; low: number };
      const y = b as { high: number; low: number };
      return Math.sign((x.high >>> 0) - (y.high >>> 0)) || Math.sign((x.low >>> 0) - (y.low >>> 0));
    }
    case 12: {
      const x = a as { source?: string; pattern?: string; flags?: string; options?: string };
      const y = b as { source?: string; pattern?: string; flags?: string; options?: string };
      return binaryCompare(x.source ?? x.pattern ?? '', y.source ?? y.pattern ?? '') || binaryCompare(x.flags ?? x.options ?? '', y.flags ?? y.options ?? '');
    }
    case 13:
      return binaryCompare(String((a as { code: unknown }).code), String((b as { code: unknown }).code));
    default:
      return 0;
  }
}

function compareArrays(a: unknown[], b: unknown[], strings: StringCompare): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareValues(a[i], b[i], strings);
    if (c !== 0) return c;
  }
  return Math.sign(a.length - b.length);
}

/** Embedded documents compare field by field, in their stored order: type, then name, then value. */
function compareObjects(a: Document, b: Document, strings: StringCompare): number {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const n = Math.min(ka.length, kb.length);
  for (let i = 0; i < n; i++) {
    const byType = typeRank(a[ka[i]]) - typeRank(b[kb[i]]);
    if (byType !== 0) return Math.sign(byType);
    const byName = binaryCompare(ka[i], kb[i]);
    if (byName !== 0) return byName;
    const byValue = compareValues(a[ka[i]], b[kb[i]], strings);
    if (byValue !== 0) return byValue;
  }
  return Math.sign(ka.length - kb.length);
}

/** Compares two BSON values as MongoDB orders them (sort, $lt/$gt within a type, $min/$max). */
export function compareValues(a: unknown, b: unknown, strings?: StringCompare): number {
  if (typeof a === 'number' && typeof b === 'number' && a === a && b === b) return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string' && !strings) return binaryCompare(a, b);
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  return compareSameRank(ra, a, b, strings);
}

const collators = new Map<string, StringCompare>();
const STRENGTH: Record<number, Intl.CollatorOptions['sensitivity']> = { 1: 'base', 2: 'accent', 3: 'variant', 4: 'variant', 5: 'variant' };

/** The string comparison of a collation document (`{ locale, strength, ... }`), cached by its spec. */
export function collationCompare(collation: unknown): StringCompare {
  if (!isPlainObject(collation) || typeof collation.locale !== 'string' || collation.locale === 'simple') return undefined;
  const key = JSON.stringify(collation);
  if (!collators.has(key)) {
    let sensitivity = STRENGTH[Number(collation.strength ?? 3)] ?? 'variant';
    if (collation.caseLevel === true) sensitivity = sensitivity === 'base' ? 'case' : sensitivity === 'accent' ? 'variant' : sensitivity;
    const caseFirst = collation.caseFirst === 'upper' || collation.caseFirst === 'lower' ? collation.caseFirst : 'false';
    const collator = new Intl.Collator(collation.locale, {
      sensitivity,
      caseFirst,
      numeric: collation.numericOrdering === true,
      ignorePunctuation: collation.alternate === 'shifted',
    });
    collators.set(key, (a, b) => collator.compare(a, b));
  }
  return collators.get(key);
}

/** The sort direction of one key: 1 or -1; `{ $meta }` (text scores) is refused. */
export function sortDirection(field: string, dir: unknown): 1 | -1 {
  const n = typeof dir === 'object' && dir !== null && !isPlainObject(dir) ? Number(dir.valueOf()) : dir;
  if (n === 1 || n === -1) return n;
  if (isPlainObject(dir) && '$meta' in dir) {
    throw new CommandError(ErrorCodes.BadValue, `sort by { $meta } on '${field}' is not supported by the embedded MongoDB server`);
  }
  throw new CommandError(15975, '$sort key ordering must be 1 (for ascending) or -1 (for descending)');
}
