import type { Document } from 'bson';
import { CommandError } from '../errors';
import { compareValues, typeRank } from '../ordering';
import { formatValue, isPlainObject } from '../values';

const BUCKET_OPTIONS = new Set(['groupBy', 'boundaries', 'default', 'output']);

/** The $bucket specification checked as MongoDB checks it when it parses the stage. */
function checkBucket(spec: unknown): { groupBy: unknown; boundaries: unknown[]; output?: Document; hasDefault: boolean; default?: unknown } {
  if (!isPlainObject(spec)) throw new CommandError(40201, `Argument to $bucket stage must be an object, but found type: ${typeof spec}.`);
  const unknown = Object.keys(spec).find((k) => !BUCKET_OPTIONS.has(k));
  if (unknown) throw new CommandError(40197, `Unrecognized option to $bucket: ${unknown}.`);
  const { groupBy, boundaries, output } = spec;
  if (groupBy === undefined || boundaries === undefined) throw new CommandError(40198, "$bucket requires 'groupBy' and 'boundaries' to be specified.");
  const pathOrExpression = (typeof groupBy === 'string' && groupBy.startsWith('$')) || (isPlainObject(groupBy) && Object.keys(groupBy)[0]?.startsWith('$'));
  if (!pathOrExpression) throw new CommandError(40202, "The $bucket 'groupBy' field must be defined as a $-prefixed path or an expression.");
  if (!Array.isArray(boundaries)) throw new CommandError(40200, "The $bucket 'boundaries' field must be an array.");
  if (boundaries.length < 2) throw new CommandError(40192, `The $bucket 'boundaries' field must have at least 2 values, but found ${boundaries.length} value(s).`);
  for (let i = 1; i < boundaries.length; i++) {
    const [lower, upper] = [boundaries[i - 1], boundaries[i]];
    if (typeRank(lower) !== typeRank(upper)) {
      throw new CommandError(40193, `All values in the the 'boundaries' option to $bucket must have the same type. Found conflicting types ${formatValue(lower)} and ${formatValue(upper)}.`);
    }
    if (compareValues(lower, upper) >= 0) {
      throw new CommandError(
        40194,
        `The 'boundaries' option to $bucket must be sorted, but elements ${i - 1} and ${i} are not in ascending order (${formatValue(lower)} is not less than ${formatValue(upper)}).`,
      );
    }
  }
  if ('default' in spec && typeRank(spec.default) === typeRank(boundaries[0])) {
    const valid = compareValues(spec.default, boundaries[0]) < 0 || compareValues(spec.default, boundaries[boundaries.length - 1]) >= 0;
    if (!valid) throw new CommandError(40199, "The $bucket 'default' field must be less than the lowest boundary or greater than or equal to the highest boundary.");
  }
  if (output !== undefined && !isPlainObject(output)) throw new CommandError(40196, "The $bucket 'output' field must be an object.");
  return { groupBy, boundaries, output, hasDefault: 'default' in spec, default: spec.default };
}

/**
 * $bucket rewritten into the $group and $sort MongoDB itself runs for it: each document goes to
 * the bucket [lower, upper) its groupBy falls in, else to the default, else the stage fails
 * (40066, from $switch). mingo's own $bucket puts a boundary value into the lower bucket.
 */
function expandBucket(stage: unknown): Document[] {
  const spec = checkBucket(stage);
  const bounds = spec.boundaries;
  const branches = bounds.slice(0, -1).map((lower, i) => ({
    case: { $and: [{ $gte: [spec.groupBy, { $literal: lower }] }, { $lt: [spec.groupBy, { $literal: bounds[i + 1] }] }] },
    then: { $literal: lower },
  }));
  const switchExpr: Document = { branches };
  if (spec.hasDefault) switchExpr.default = { $literal: spec.default };
  return [{ $group: { ...(spec.output ?? { count: { $sum: 1 } }), _id: { $switch: switchExpr } } }, { $sort: { _id: 1 } }];
}

/** The pipeline with each $bucket (also inside $facet) replaced by its $group equivalent. */
export function rewritePipeline(pipeline: Document[]): Document[] {
  return pipeline.flatMap((stage) => {
    if (isPlainObject(stage) && '$bucket' in stage) return expandBucket(stage.$bucket);
    if (isPlainObject(stage) && isPlainObject(stage.$facet)) {
      const facets: Document = {};
      for (const [k, sub] of Object.entries(stage.$facet)) facets[k] = Array.isArray(sub) ? rewritePipeline(sub as Document[]) : sub;
      return [{ $facet: facets }];
    }
    return [stage];
  });
}
