import type { Document } from 'bson';
import { CommandError, ErrorCodes } from './errors';
import { compareValues, sortDirection, type StringCompare } from './ordering';
import { isPlainObject } from './values';

/** Stands for an empty array in a sort key: MongoDB orders it before null and missing. */
const EMPTY = undefined;

/**
 * The values a sort path reaches, as MongoDB builds sort keys: arrays (at the end of the path or on
 * the way) contribute their elements, a missing field counts as null, an empty array as "undefined".
 */
function sortValues(value: unknown, parts: string[], i: number, out: unknown[]): void {
  if (i === parts.length) {
    if (Array.isArray(value)) {
      if (value.length === 0) out.push(EMPTY);
      else out.push(...value);
    } else out.push(value === undefined ? null : value);
    return;
  }
  if (Array.isArray(value)) {
    const seg = parts[i];
    if (/^\d+$/.test(seg) && Number(seg) < value.length) {
      sortValues(value[Number(seg)], parts, i + 1, out);
      return;
    }
    if (value.length === 0) out.push(EMPTY);
    for (const el of value) sortValues(isPlainObject(el) ? el[seg] : undefined, parts, i + 1, out);
    return;
  }
  sortValues(isPlainObject(value) ? value[parts[i]] : undefined, parts, i + 1, out);
}

/** A document's key for one sort field: the smallest value it reaches ascending, the largest descending. */
function sortKey(doc: Document, parts: string[], dir: 1 | -1, strings: StringCompare): unknown {
  const top = doc[parts[0]];
  if (parts.length === 1 && !Array.isArray(top)) return top === undefined ? null : top;
  const values: unknown[] = [];
  sortValues(doc, parts, 0, values);
  let best = values[0];
  for (let i = 1; i < values.length; i++) if (compareValues(values[i], best, strings) * dir < 0) best = values[i];
  return best;
}

/** The sort specification as [path parts, direction] pairs, checked. */
export function parseSort(spec: Document): Array<[string[], 1 | -1]> {
  return Object.entries(spec).map(([field, dir]) => {
    if (field.startsWith('$')) throw new CommandError(ErrorCodes.BadValue, `sort by '${field}' is not supported here by the embedded MongoDB server`);
    return [field.split('.'), sortDirection(field, dir)];
  });
}

/**
 * Documents in MongoDB's sort order (a new array; ties keep their input order). Values compare in
 * BSON order with numbers by value whatever their type, and an array field sorts by its smallest
 * element ascending and its largest descending.
 */
export function sortDocuments<T extends Document>(docs: T[], spec: Document, strings?: StringCompare): T[] {
  const fields = parseSort(spec);
  const keyed = docs.map((doc, index) => ({ doc, index, keys: fields.map(([parts, dir]) => sortKey(doc, parts, dir, strings)) }));
  keyed.sort((x, y) => {
    for (let f = 0; f < fields.length; f++) {
      const c = compareValues(x.keys[f], y.keys[f], strings);
      if (c !== 0) return c * fields[f][1];
    }
    return x.index - y.index;
  });
  return keyed.map((k) => k.doc);
}
