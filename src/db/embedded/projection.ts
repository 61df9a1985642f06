import type { Document } from 'bson';
import { CommandError } from './errors';
import { compileQuery, type Options } from './mingo';
import { findWide } from './numbers';
import { cloneDoc, getPath, isPlainObject, setPath } from './values';

/** Projection operators mingo evaluates without computing on values. */
const PLAIN_PROJECTION_OPERATORS = new Set(['$elemMatch', '$slice']);

/** The filter's conditions on `path` or below it (top level and inside $and), which pick the positional element. */
function conditionsOn(filter: Document, path: string, out: Document[] = []): Document[] {
  for (const [key, cond] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(cond)) for (const sub of cond) if (isPlainObject(sub)) conditionsOn(sub, path, out);
    if (key === path || key.startsWith(path + '.')) out.push({ [key]: cond });
  }
  return out;
}

/**
 * For `{ 'arr.$': 1 }`: replaces the array with its first element that the query's conditions on
 * the array match, as MongoDB's positional projection does (mingo returns `[null]`).
 */
function keepMatchedElement(doc: Document, path: string, filter: Document, options: Options): void {
  const arr = getPath(doc, path);
  if (!Array.isArray(arr)) return;
  const conditions = conditionsOn(filter, path);
  const query = conditions.length ? compileQuery({ $and: conditions }, options) : null;
  const index = query ? arr.findIndex((el) => query.test(setPath({}, path, [el]))) : -1;
  if (index < 0) throw new CommandError(51246, "Executor error during find command :: caused by :: positional operator '.$' couldn't find a matching element in the array");
  setPath(doc, path, [arr[index]]);
}

function computesValues(projection: Document): boolean {
  return Object.values(projection).some(
    (v) => (isPlainObject(v) && Object.keys(v).some((k) => k.startsWith('$') && !PLAIN_PROJECTION_OPERATORS.has(k))) || (typeof v === 'string' && v.startsWith('$')),
  );
}

/**
 * Applies a find projection to copies of the documents (mingo mutates what it is given). The
 * filter is needed for positional (`.$`) projections.
 */
export function project(docs: Document[], projection: Document | undefined, options: Options, filter: Document = {}): Document[] {
  if (!projection || Object.keys(projection).length === 0) return docs;
  const positional = Object.keys(projection).filter((k) => k.endsWith('.$'));
  if (positional.length > 1) throw new CommandError(31276, 'Cannot specify more than one positional projection per query.');
  if (computesValues(projection)) {
    for (const doc of docs) {
      const wide = findWide(doc);
      if (wide) throw new CommandError(2, `a projection expression on a document holding a ${wide.type} (field '${wide.path}') is not supported by the embedded MongoDB server`);
    }
  }
  let spec = projection;
  let copies = docs.map(cloneDoc);
  if (positional.length === 1) {
    const path = positional[0].slice(0, -2);
    spec = Object.fromEntries(Object.entries(projection).map(([k, v]) => (k === positional[0] ? [path, v] : [k, v])));
    copies = copies.map((doc) => (keepMatchedElement(doc, path, filter, options), doc));
  }
  return compileQuery({}, options).find(copies, spec).all() as Document[];
}
