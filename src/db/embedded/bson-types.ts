import type { Document } from 'bson';
import { CommandError, ErrorCodes } from './errors';
import { isPlainObject } from './values';

/** BSON type codes by the aliases $type accepts; 'number' stands for every numeric type. */
const ALIASES: Record<string, number[]> = {
  double: [1],
  string: [2],
  object: [3],
  array: [4],
  binData: [5],
  undefined: [6],
  objectId: [7],
  bool: [8],
  date: [9],
  null: [10],
  regex: [11],
  dbPointer: [12],
  javascript: [13],
  symbol: [14],
  javascriptWithScope: [15],
  int: [16],
  timestamp: [17],
  long: [18],
  decimal: [19],
  minKey: [-1],
  maxKey: [127],
  number: [1, 16, 18, 19],
};
const CODES = new Set(Object.values(ALIASES).flat());

const BY_BSONTYPE: Record<string, number> = {
  ObjectId: 7,
  Binary: 5,
  Long: 18,
  Decimal128: 19,
  Int32: 16,
  Double: 1,
  Timestamp: 17,
  MinKey: -1,
  MaxKey: 127,
  Code: 13,
  BSONSymbol: 14,
  BSONRegExp: 11,
  DBRef: 3,
  DBPointer: 12,
};

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * The BSON type code of a value as this server holds it. Int32 and Double both arrive as JS
 * numbers (see wire.ts): an integer in the Int32 range is an int, as the driver would have sent it.
 */
export function bsonTypeCode(v: unknown): number {
  switch (typeof v) {
    case 'undefined':
      return 6;
    case 'string':
      return 2;
    case 'boolean':
      return 8;
    case 'bigint':
      return 18;
    case 'number':
      return Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX && !Object.is(v, -0) ? 16 : 1;
  }
  if (v === null) return 10;
  if (Array.isArray(v)) return 4;
  if (v instanceof Date) return 9;
  if (v instanceof RegExp) return 11;
  if (v instanceof Uint8Array) return 5;
  const t = (v as { _bsontype?: string })._bsontype;
  if (t === 'Code') return (v as { scope?: unknown }).scope ? 15 : 13;
  return t !== undefined && Object.hasOwn(BY_BSONTYPE, t) ? BY_BSONTYPE[t] : 3;
}

/** The type codes a `$type` operand names (an alias, a code, or an array of them), checked as MongoDB does. */
export function parseTypeOperand(operand: unknown): Set<number> {
  const items = Array.isArray(operand) ? operand : [operand];
  if (items.length === 0) throw new CommandError(ErrorCodes.FailedToParse, '$type must match at least one type');
  const codes = new Set<number>();
  for (const item of items) {
    if (typeof item === 'string') {
      const found = Object.hasOwn(ALIASES, item) ? ALIASES[item] : undefined;
      if (!found) throw new CommandError(ErrorCodes.BadValue, `Unknown type name alias: ${item}`);
      found.forEach((c) => codes.add(c));
    } else if (typeof item === 'number' || (item !== null && typeof item === 'object' && !isPlainObject(item) && !Array.isArray(item))) {
      const code = Number(item);
      if (!Number.isInteger(code) || !CODES.has(code)) throw new CommandError(ErrorCodes.BadValue, `Invalid numerical type code: ${String(item)}`);
      codes.add(code);
    } else {
      throw new CommandError(ErrorCodes.TypeMismatch, 'type must be represented as a number or a string');
    }
  }
  return codes;
}

/** The values a path reaches for $type: through arrays of documents, with arrays at the end kept whole. */
function reached(value: unknown, parts: string[], i: number, out: unknown[]): void {
  if (value === undefined) return;
  if (i === parts.length) {
    out.push(value);
    return;
  }
  if (Array.isArray(value)) {
    const seg = parts[i];
    if (/^\d+$/.test(seg)) reached(value[Number(seg)], parts, i + 1, out);
    for (const el of value) if (isPlainObject(el)) reached(el, parts, i, out);
    return;
  }
  if (isPlainObject(value)) reached(value[parts[i]], parts, i + 1, out);
}

/** True when a value the path reaches has one of the types; an array matches 'array' or by any element. */
export function matchesType(doc: Document, path: string, codes: Set<number>): boolean {
  const values: unknown[] = [];
  reached(doc, path.split('.'), 0, values);
  for (const v of values) {
    if (Array.isArray(v)) {
      if (codes.has(4)) return true;
      if (v.some((el) => codes.has(bsonTypeCode(el)))) return true;
    } else if (codes.has(bsonTypeCode(v))) return true;
  }
  return false;
}
