import type { Document } from 'bson';
import { Aggregator } from 'mingo/aggregator';
import { Context, evalExpr } from 'mingo/core';
import { Lazy, type Iterator } from 'mingo/lazy';
import * as accumulatorOps from 'mingo/operators/accumulator';
import * as expressionOps from 'mingo/operators/expression';
import * as pipelineOps from 'mingo/operators/pipeline';
import * as projectionOps from 'mingo/operators/projection';
import * as queryOps from 'mingo/operators/query';
import * as windowOps from 'mingo/operators/window';
import { Query } from 'mingo/query';
import { dateOperatorOverrides } from './date-operators';
import { CommandError } from './errors';
import { compareNumbers, isNumeric } from './numbers';
import { collationCompare, compareValues } from './ordering';
import { queryOperatorOverrides } from './query-operators';
import { sortDocuments } from './sort';
import { isPlainObject } from './values';

/**
 * mingo with the server's corrections: its own Query and Aggregator (the base classes, which take
 * the operator tables from the options, unlike mingo's index whose built-ins win over any
 * replacement) and operator tables where the operators mingo gets wrong are replaced.
 */
export { Aggregator, Query };

/** mingo's options type (its own module path for the type does not resolve under node10 resolution). */
export type Options = NonNullable<ConstructorParameters<typeof Query>[1]>;

type EvalOptions = Parameters<typeof evalExpr>[2];
type ExpressionOperator = (obj: Document, expr: unknown, options: EvalOptions) => unknown;
type Table = Record<string, unknown>;

/** MongoDB's truthiness: false, null, missing and numeric zero are false; everything else is true. */
function truthy(v: unknown): boolean {
  if (v === false || v === null || v === undefined) return false;
  return !(isNumeric(v) && compareNumbers(v, 0) === 0);
}

/** $switch fails, as MongoDB does, when no branch matches and there is no default (mingo returns null). */
const $switch: ExpressionOperator = (obj, expr, options) => {
  if (!isPlainObject(expr) || !Array.isArray(expr.branches)) throw new CommandError(40060, '$switch requires at least one branch.');
  for (const branch of expr.branches as Document[]) {
    if (truthy(evalExpr(obj, branch.case, options))) return evalExpr(obj, branch.then, options);
  }
  if (!('default' in expr)) throw new CommandError(40066, '$switch could not find a matching branch for an input, and no default was specified.');
  return evalExpr(obj, expr.default, options);
};

/** Aggregation comparisons order any two values by BSON order (mingo's $eq tests array membership). */
function comparison(name: string, result: (c: number) => unknown): ExpressionOperator {
  return (obj, expr, options) => {
    const args = evalExpr(obj, expr, options);
    if (!Array.isArray(args) || args.length !== 2) {
      throw new CommandError(16020, `Expression ${name} takes exactly 2 arguments. ${Array.isArray(args) ? args.length : 1} were passed in.`);
    }
    return result(compareValues(args[0], args[1], collationCompare(options.collation)));
  };
}

const expressionOverrides: Record<string, ExpressionOperator> = {
  ...(dateOperatorOverrides as Record<string, ExpressionOperator>),
  $switch,
  $cmp: comparison('$cmp', (c) => c),
  $eq: comparison('$eq', (c) => c === 0),
  $ne: comparison('$ne', (c) => c !== 0),
  $gt: comparison('$gt', (c) => c > 0),
  $gte: comparison('$gte', (c) => c >= 0),
  $lt: comparison('$lt', (c) => c < 0),
  $lte: comparison('$lte', (c) => c <= 0),
};

type Accumulator = (coll: Document[], expr: Document, options: EvalOptions) => unknown;
const topN = accumulatorOps.$topN as unknown as Accumulator;
const bottomN = accumulatorOps.$bottomN as unknown as Accumulator;
const first = (found: unknown): unknown => (Array.isArray(found) && found.length ? (found[0] ?? null) : null);

/** $top and $bottom give the single value, not mingo's one-element array. */
const accumulatorOverrides: Record<string, Accumulator> = {
  $top: (coll, expr, options) => first(topN(coll, { ...expr, n: 1 }, options)),
  $bottom: (coll, expr, options) => first(bottomN(coll, { ...expr, n: 1 }, options)),
};

/** $sort in BSON order, arrays by their smallest (ascending) or largest (descending) element. */
const $sort = (coll: Iterator, spec: Document, options: EvalOptions): Iterator =>
  coll.transform((docs: Document[]) => Lazy(sortDocuments(docs, spec, collationCompare(options.collation))));

const tables = {
  query: { ...(queryOps as Table), ...queryOperatorOverrides },
  expression: { ...(expressionOps as Table), ...expressionOverrides },
  accumulator: { ...(accumulatorOps as Table), ...accumulatorOverrides },
  pipeline: { ...(pipelineOps as Table), $sort },
  projection: { ...(projectionOps as Table) },
  window: { ...(windowOps as Table) },
};

type ContextOps = Parameters<typeof Context.init>[0];

/** Every operator, with the corrections: for queries, projections and aggregations. */
export const FULL_CONTEXT = Context.init(tables as unknown as ContextOps);

/** Options for mingo wherever no collection resolver or collation is needed (index filters, tests of a value). */
export const BASE_OPTIONS: Options = { scriptEnabled: false, context: FULL_CONTEXT } as Options;

/** A compiled filter with the server's operator tables, whatever options the caller passes. */
export function compileQuery(filter: Document, options: Options = BASE_OPTIONS): Query {
  return new Query(filter, options.context ? options : ({ scriptEnabled: false, ...options, context: FULL_CONTEXT } as Options));
}
