import type { Document } from 'bson';
import { bsonTypeCode } from './bson-types';
import { CommandError, ErrorCodes } from './errors';
import { compileQuery, type Options } from './mingo';
import { findWide } from './numbers';
import { formatValue, isPlainObject, setPath } from './values';

/**
 * Checks made before mingo applies an update, where mingo would silently do something else than
 * MongoDB: conflicting paths, positional paths over non-arrays, $inc on non-numbers, and
 * arithmetic or comparisons on Long and Decimal128 values.
 */

export interface UpdateContext {
  filter: Document;
  arrayFilters?: Document[];
  options: Options;
}

/** Operators that only place values: no arithmetic or comparison on the old value or on the operand. */
const PLACING = new Set(['$set', '$unset', '$setOnInsert', '$rename', '$currentDate', '$pop']);
const TYPE_NAMES: Record<number, string> = { 1: 'double', 2: 'string', 3: 'object', 4: 'array', 5: 'binData', 7: 'objectId', 8: 'bool', 9: 'date', 10: 'null', 11: 'regex', 16: 'int', 17: 'timestamp', 18: 'long', 19: 'decimal' };

/** Every path the modifier writes ($rename writes its source and its target). */
function writtenPaths(modifier: Document): string[] {
  const paths: string[] = [];
  for (const [op, spec] of Object.entries(modifier)) {
    if (!isPlainObject(spec)) continue;
    for (const [path, arg] of Object.entries(spec)) {
      paths.push(path);
      if (op === '$rename' && typeof arg === 'string') paths.push(arg);
    }
  }
  return paths;
}

/** MongoDB refuses an update writing a path twice or a path and its parent (code 40); mingo would merge them. */
export function checkConflicts(modifier: Document): void {
  const paths = writtenPaths(modifier);
  for (let i = 0; i < paths.length; i++) {
    for (let j = 0; j < paths.length; j++) {
      if (i === j) continue;
      const [a, b] = [paths[i], paths[j]];
      if ((a === b && i < j) || b.startsWith(a + '.')) {
        throw new CommandError(ErrorCodes.ConflictingUpdateOperators, `Updating the path '${b}' would create a conflict at '${a}'`);
      }
    }
  }
}

/** The index the `$` positional operator stands for: the first element the query's conditions on the array match. */
function positionalIndex(arr: unknown[], arrayPath: string, ctx: UpdateContext): number {
  const conditions = Object.entries(ctx.filter).filter(([k]) => k === arrayPath || k.startsWith(arrayPath + '.'));
  if (conditions.length === 0) return -1;
  const query = compileQuery(Object.fromEntries(conditions), ctx.options);
  return arr.findIndex((el) => query.test(setPath({}, arrayPath, [el])));
}

function filteredIndexes(arr: unknown[], ident: string, path: string, ctx: UpdateContext): number[] {
  const filter = (ctx.arrayFilters ?? []).find((f) => Object.keys(f).some((k) => k === ident || k.startsWith(ident + '.')));
  if (!filter) throw new CommandError(ErrorCodes.BadValue, `No array filter found for identifier '${ident}' in path '${path}'`);
  const query = compileQuery(filter, ctx.options);
  return arr.flatMap((el, k) => (query.test({ [ident]: el }) ? [k] : []));
}

interface Reached {
  value: unknown;
  /** The field name MongoDB names in errors: the last path segment, or the element's index for $[] and $. */
  field: string;
}

/** The values an update path reaches, with $[], $[id] and $ expanded as MongoDB applies them (missing ones are skipped). */
function reachedValues(doc: Document, path: string, ctx: UpdateContext): Reached[] {
  const parts = path.split('.');
  const out: Reached[] = [];
  const walk = (value: unknown, i: number, prefix: string): void => {
    if (value === undefined) return;
    if (i === parts.length) {
      out.push({ value, field: prefix.slice(prefix.lastIndexOf('.') + 1) });
      return;
    }
    const seg = parts[i];
    const here = prefix ? `${prefix}.${seg}` : seg;
    if (seg.startsWith('$')) {
      if (!Array.isArray(value)) {
        throw new CommandError(ErrorCodes.BadValue, `Cannot apply array updates to non-array element ${prefix}: ${formatValue(value)}`);
      }
      let indexes: number[];
      if (seg === '$[]') indexes = value.map((_, k) => k);
      else if (seg === '$') {
        const index = positionalIndex(value, prefix, ctx);
        if (index < 0) throw new CommandError(ErrorCodes.BadValue, 'The positional operator did not find the match needed from the query.');
        indexes = [index];
      } else indexes = filteredIndexes(value, seg.slice(2, -1), path, ctx);
      for (const k of indexes) walk(value[k], i + 1, `${prefix}.${k}`);
      return;
    }
    if (Array.isArray(value)) {
      if (/^\d+$/.test(seg)) walk(value[Number(seg)], i + 1, here);
      return;
    }
    if (isPlainObject(value)) {
      walk(value[seg], i + 1, here);
      return;
    }
    throw new CommandError(ErrorCodes.PathNotViable, `Cannot create field '${seg}' in element {${parts[i - 1]}: ${formatValue(value)}}`);
  };
  walk(doc, 0, '');
  return out;
}

function refuseWide(op: string, path: string, value: unknown): void {
  const wide = findWide(value);
  if (wide) throw new CommandError(ErrorCodes.BadValue, `${op} with a ${wide.type} value (field '${path}') is not supported by the embedded MongoDB server`);
}

/** MongoDB's refusal of an array operator on a value that is not an array (mingo skips it silently). */
function refuseNonArray(op: string, path: string, doc: Document, reached: Reached[]): void {
  const bad = reached.find((r) => !Array.isArray(r.value));
  if (!bad) return;
  const type = TYPE_NAMES[bsonTypeCode(bad.value)] ?? 'object';
  if (op === '$pop') throw new CommandError(ErrorCodes.TypeMismatch, `Path '${path}' contains an element of non-array type '${type}'`);
  if (op === '$pull' || op === '$pullAll') throw new CommandError(ErrorCodes.BadValue, `Cannot apply ${op} to a non-array value`);
  if (op === '$addToSet') throw new CommandError(ErrorCodes.BadValue, `Cannot apply $addToSet to non-array field. Field named '${bad.field}' has non-array type ${type}`);
  throw new CommandError(ErrorCodes.BadValue, `The field '${bad.field}' must be an array but is of type ${type} in document {_id: ${formatValue(doc._id)}}`);
}

const ARRAY_OPERATORS = new Set(['$push', '$addToSet', '$pull', '$pullAll', '$pop']);

/**
 * $push with modifiers onto a missing field: mingo would store $each as it is, skipping $sort,
 * $slice and $position, so the field is created empty first and mingo applies them. A $sort on
 * several fields is refused: mingo sorts by the first one only.
 */
function preparePush(doc: Document, path: string, arg: unknown, reached: Reached[]): void {
  if (!isPlainObject(arg) || !('$each' in arg)) return;
  if (isPlainObject(arg.$sort) && Object.keys(arg.$sort).length > 1) {
    throw new CommandError(ErrorCodes.BadValue, `$push with a $sort on several fields ('${path}') is not supported by the embedded MongoDB server`);
  }
  if (reached.length === 0 && !path.includes('$')) setPath(doc, path, []);
}

/** Runs the checks of one operator update against the document it will change (which it may prepare, see preparePush). */
export function checkUpdate(doc: Document, modifier: Document, ctx: UpdateContext): void {
  for (const [op, spec] of Object.entries(modifier)) {
    if (!isPlainObject(spec)) continue;
    for (const [path, arg] of Object.entries(spec)) {
      const reached = reachedValues(doc, path, ctx);
      if (ARRAY_OPERATORS.has(op)) refuseNonArray(op, path, doc, reached);
      if (op === '$push') preparePush(doc, path, arg, reached);
      if (PLACING.has(op)) continue;
      refuseWide(op, path, arg);
      for (const r of reached) refuseWide(op, path, r.value);
      if (op !== '$inc' && op !== '$mul') continue;
      if (typeof arg !== 'number') {
        throw new CommandError(ErrorCodes.TypeMismatch, `Cannot ${op === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${path}: ${formatValue(arg)}}`);
      }
      for (const { value, field } of reached) {
        if (typeof value === 'number') continue;
        throw new CommandError(
          ErrorCodes.TypeMismatch,
          `Cannot apply ${op} to a value of non-numeric type. {_id: ${formatValue(doc._id)}} has the field '${field}' of non-numeric type ${TYPE_NAMES[bsonTypeCode(value)] ?? 'object'}`,
        );
      }
    }
  }
}
