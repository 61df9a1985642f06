import type { Document } from 'bson';
import * as mingoQuery from 'mingo/operators/query';
import { resolve } from 'mingo/util';
import { matchesType, parseTypeOperand } from './bson-types';
import { CommandError, ErrorCodes } from './errors';
import { isWideNumber } from './numbers';
import { collationCompare, compareValues, typeRank, type StringCompare } from './ordering';

type Predicate = (doc: Document) => boolean;
/** mingo's query operator shape: compiled once per query, then run per document. */
type QueryOperator = (selector: string, value: unknown, options: never) => Predicate;

/** $type as MongoDB defines it, for BSON wrapper types too (mingo checks JS types only). */
const $type: QueryOperator = (selector, value) => {
  const codes = parseTypeOperand(value);
  return (doc) => matchesType(doc, selector, codes);
};

/** The value itself and, for an array, its elements (one level of nesting more, as paths through arrays give). */
function candidates(lhs: unknown): unknown[] {
  if (!Array.isArray(lhs)) return [lhs];
  const out: unknown[] = [lhs];
  for (const x of lhs) {
    out.push(x);
    if (Array.isArray(x)) out.push(...x);
  }
  return out;
}

function holdsWide(lhs: unknown): boolean {
  if (isWideNumber(lhs)) return true;
  if (!Array.isArray(lhs)) return false;
  return lhs.some((x) => isWideNumber(x) || (Array.isArray(x) && x.some(isWideNumber)));
}

/** True when some candidate is in the operand's type bracket and the comparison holds. */
function bracketed(lhs: unknown, operand: unknown, strings: StringCompare, holds: (c: number) => boolean): boolean {
  const rank = typeRank(operand);
  return candidates(lhs).some((c) => typeRank(c) === rank && holds(compareValues(c, operand, strings)));
}

/** Equality as $eq and $in test it: null also matches a missing field, a regular expression tests strings. */
function equalsOne(lhs: unknown, operand: unknown, strings: StringCompare): boolean {
  if (operand === null) return candidates(lhs).some((c) => c === null || c === undefined);
  if (operand instanceof RegExp) return candidates(lhs).some((c) => typeof c === 'string' && operand.test(c));
  return bracketed(lhs, operand, strings, (c) => c === 0);
}

type Test = (lhs: unknown, operand: unknown, strings: StringCompare) => boolean;

const TESTS: Record<string, Test> = {
  $eq: (lhs, v, s) => equalsOne(lhs, v, s),
  $ne: (lhs, v, s) => !equalsOne(lhs, v, s),
  $gt: (lhs, v, s) => bracketed(lhs, v, s, (c) => c > 0),
  $gte: (lhs, v, s) => (v === null ? equalsOne(lhs, v, s) : bracketed(lhs, v, s, (c) => c >= 0)),
  $lt: (lhs, v, s) => bracketed(lhs, v, s, (c) => c < 0),
  $lte: (lhs, v, s) => (v === null ? equalsOne(lhs, v, s) : bracketed(lhs, v, s, (c) => c <= 0)),
  $in: (lhs, v, s) => (v as unknown[]).some((x) => equalsOne(lhs, x, s)),
  $nin: (lhs, v, s) => !(v as unknown[]).some((x) => equalsOne(lhs, x, s)),
};

/**
 * A comparison operator that keeps mingo's behaviour, except where mingo is wrong: when a Long
 * or Decimal128 takes part (in the operand or in the document), which mingo compares by their
 * strings or not at all against plain numbers; under a collation, which mingo ignores when
 * matching; and for $gte/$lte null, which also match a missing field. The server then compares in BSON order, numbers by value, strings by the collation.
 */
function bsonAware(name: string): QueryOperator {
  const base = (mingoQuery as unknown as Record<string, QueryOperator>)[name];
  const test = TESTS[name];
  const listed = name === '$in' || name === '$nin';
  return (selector, value, options) => {
    if (listed && !Array.isArray(value)) throw new CommandError(ErrorCodes.BadValue, `${name} needs an array`);
    const basePredicate = base(selector, value, options);
    const strings = collationCompare((options as { collation?: unknown }).collation);
    const operands = listed ? (value as unknown[]) : [value];
    // mingo's $gte/$lte null match only null; MongoDB's also match a missing field.
    const nullRange = value === null && (name === '$gte' || name === '$lte');
    const always = nullRange || operands.some(isWideNumber) || (strings !== undefined && !(value instanceof RegExp));
    return (doc) => {
      const lhs = resolve(doc, selector, { unwrapArray: true });
      return always || holdsWide(lhs) ? test(lhs, value, strings) : basePredicate(doc);
    };
  };
}

/** The query operators that replace mingo's own. */
export const queryOperatorOverrides: Record<string, QueryOperator> = {
  $type,
  ...Object.fromEntries(Object.keys(TESTS).map((name) => [name, bsonAware(name)])),
};
