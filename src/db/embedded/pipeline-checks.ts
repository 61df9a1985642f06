import type { Document } from 'bson';
import { CommandError, ErrorCodes } from './errors';
import { findWide } from './numbers';
import { isPlainObject } from './values';

/**
 * What aggregation and query refuse up front, before mingo runs, so a refusal never depends on
 * whether a document happened to reach the stage or expression.
 */

/** Stages mingo implements correctly enough for this server. */
const STAGES = new Set([
  '$addFields', '$bucket', '$bucketAuto', '$count', '$densify', '$facet', '$fill', '$graphLookup', '$group',
  '$limit', '$lookup', '$match', '$project', '$redact', '$replaceRoot', '$replaceWith', '$sample', '$set',
  '$skip', '$sort', '$sortByCount', '$unionWith', '$unset', '$unwind',
]);

/** MongoDB stages this server knows but does not run, each with the reason given in the error. */
const REFUSED_STAGES: Record<string, string> = {
  $out: 'it would not write its output',
  $merge: 'it would not write its output',
  $setWindowFields: 'window functions need a real MongoDB (set MONGODB_URI)',
  $geoNear: 'geospatial queries need a real MongoDB (set MONGODB_URI)',
  $search: 'Atlas Search is not available',
  $searchMeta: 'Atlas Search is not available',
  $vectorSearch: 'Atlas Vector Search is not available',
  $changeStream: 'change streams need a replica set',
  $collStats: 'collection statistics are not kept',
  $indexStats: 'index statistics are not kept',
  $currentOp: 'it has no operations to report',
  $documents: 'database-level aggregation is not supported',
};

/** Operators refused wherever they appear (queries, expressions, accumulators). */
const REFUSED_OPERATORS: Record<string, string> = {
  $where: 'server-side JavaScript is disabled',
  $function: 'server-side JavaScript is disabled',
  $accumulator: 'server-side JavaScript is disabled',
  $text: 'text search needs a real MongoDB (set MONGODB_URI)',
  $near: 'geospatial queries need a real MongoDB (set MONGODB_URI)',
  $nearSphere: 'geospatial queries need a real MongoDB (set MONGODB_URI)',
  $geoWithin: 'geospatial queries need a real MongoDB (set MONGODB_URI)',
  $geoIntersects: 'geospatial queries need a real MongoDB (set MONGODB_URI)',
};

/** Throws on any refused operator inside a filter, expression or stage (not inside $literal, which is data). */
export function refuseUnsupportedOperators(value: unknown): void {
  if (Array.isArray(value)) {
    for (const v of value) refuseUnsupportedOperators(v);
    return;
  }
  if (!isPlainObject(value)) return;
  for (const [key, v] of Object.entries(value)) {
    if (key === '$literal') continue;
    if (Object.hasOwn(REFUSED_OPERATORS, key)) {
      throw new CommandError(ErrorCodes.BadValue, `${key} is not supported by the embedded MongoDB server: ${REFUSED_OPERATORS[key]}`);
    }
    refuseUnsupportedOperators(v);
  }
}

function stageName(stage: unknown): string {
  if (!isPlainObject(stage) || Object.keys(stage).length !== 1) {
    throw new CommandError(40323, 'A pipeline stage specification object must contain exactly one field.');
  }
  const name = Object.keys(stage)[0];
  if (Object.hasOwn(REFUSED_STAGES, name)) {
    throw new CommandError(ErrorCodes.Location40324, `${name} is not supported by the embedded MongoDB server: ${REFUSED_STAGES[name]}`);
  }
  if (!STAGES.has(name)) throw new CommandError(ErrorCodes.Location40324, `Unrecognized pipeline stage name: '${name}'`);
  return name;
}

/** The pipelines nested in a stage: $facet's, and $lookup's or $unionWith's sub-pipeline. */
function nestedPipelines(name: string, spec: unknown): unknown[] {
  if (name === '$facet' && isPlainObject(spec)) return Object.values(spec);
  if ((name === '$lookup' || name === '$unionWith') && isPlainObject(spec) && spec.pipeline !== undefined) return [spec.pipeline];
  return [];
}

/**
 * Checks a pipeline and every pipeline nested in it: known stages only, no refused operator, and
 * no Long or Decimal128 literal outside $match (mingo would compute on it wrongly). Returns the
 * top-level stage names.
 */
export function checkPipeline(pipeline: unknown): string[] {
  if (!Array.isArray(pipeline)) throw new CommandError(ErrorCodes.TypeMismatch, "'pipeline' option must be specified as an array");
  return pipeline.map((stage) => {
    const name = stageName(stage);
    const spec = (stage as Document)[name];
    for (const sub of nestedPipelines(name, spec)) checkPipeline(sub);
    refuseUnsupportedOperators(spec);
    const wide = name === '$match' ? null : findWide(name === '$facet' || name === '$lookup' || name === '$unionWith' ? null : spec);
    if (wide) throw new CommandError(ErrorCodes.BadValue, `a ${wide.type} constant in ${name} is not supported by the embedded MongoDB server`);
    return name;
  });
}

/** Stage options naming fields without a '$' that the stage compares on. */
const FIELD_OPTIONS: Record<string, string[]> = { $lookup: ['localField'], $graphLookup: ['connectFromField', 'connectToField'] };

function collectReferences(value: unknown, out: Set<string>): void {
  if (typeof value === 'string') {
    if (value.startsWith('$$ROOT') || value.startsWith('$$CURRENT')) {
      const dot = value.indexOf('.');
      out.add(dot < 0 ? '' : value.slice(dot + 1));
    } else if (value.startsWith('$') && !value.startsWith('$$')) out.add(value.slice(1));
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) collectReferences(v, out);
    return;
  }
  if (!isPlainObject(value)) return;
  for (const [key, v] of Object.entries(value)) if (key !== '$literal') collectReferences(v, out);
}

/**
 * The input fields a pipeline computes on: every '$field' in its expressions ('' for $$ROOT), and
 * the fields $lookup and $graphLookup match on. $sort and query conditions are left out: the
 * server orders and compares Long and Decimal128 correctly itself. So is $unwind's path.
 */
export function referencedFields(pipeline: Document[]): Set<string> {
  const out = new Set<string>();
  for (const stage of pipeline) {
    const [name, spec] = Object.entries(stage)[0];
    if (name === '$sort' || name === '$unwind') continue;
    if (name === '$match') {
      if (isPlainObject(spec) && '$expr' in spec) collectReferences(spec.$expr, out);
      continue;
    }
    if (name === '$facet' && isPlainObject(spec)) {
      for (const sub of Object.values(spec)) if (Array.isArray(sub)) referencedFields(sub as Document[]).forEach((f) => out.add(f));
      continue;
    }
    collectReferences(spec, out);
    for (const option of FIELD_OPTIONS[name] ?? []) if (isPlainObject(spec) && typeof spec[option] === 'string') out.add(spec[option] as string);
  }
  return out;
}

/** Every Long or Decimal128 in a document: its path without array indexes, and its type. */
function wideValues(value: unknown, path: string, out: Array<{ path: string; type: string }>): void {
  const found = findWide(value);
  if (!found) return;
  if (found.path === '' || !isPlainObject(value) || Array.isArray(value)) {
    if (Array.isArray(value)) for (const v of value) wideValues(v, path, out);
    else out.push({ path, type: found.type });
    return;
  }
  for (const [k, v] of Object.entries(value)) wideValues(v, path ? `${path}.${k}` : k, out);
}

const overlaps = (a: string, b: string): boolean => a === '' || b === '' || a === b || a.startsWith(b + '.') || b.startsWith(a + '.');

/**
 * Refuses input documents holding a Long or Decimal128 in a field the pipeline computes on: mingo
 * would compare them by their strings and would not add them, so the answer would be silently wrong.
 */
export function refuseWideInput(docs: Iterable<Document>, ns: string, pipeline: Document[]): void {
  const fields = [...referencedFields(pipeline)];
  if (fields.length === 0) return;
  for (const doc of docs) {
    const wide: Array<{ path: string; type: string }> = [];
    wideValues(doc, '', wide);
    const hit = wide.find((w) => fields.some((f) => overlaps(f, w.path)));
    if (hit) {
      const stage = pipeline.find((s) => referencedFields([s]).size > 0 && [...referencedFields([s])].some((f) => overlaps(f, hit.path)));
      throw new CommandError(
        ErrorCodes.BadValue,
        `aggregate on ${ns}: the embedded MongoDB server cannot compute on ${hit.type} values (field '${hit.path}') in ${stage ? Object.keys(stage)[0] : 'this pipeline'}`,
      );
    }
  }
}
