import type { Document } from 'bson';
import { CommandError } from '../errors';
import { isPlainObject } from '../values';

/**
 * mingo's $bucket puts a value equal to a boundary into the lower bucket and emits empty buckets;
 * MongoDB's buckets are [lower, upper) and only non-empty ones are returned, the default last.
 * So $bucket is rewritten into the $group it stands for, which mingo computes correctly.
 */
function expandBucket(spec: unknown): Document[] {
  if (!isPlainObject(spec) || !Array.isArray(spec.boundaries) || spec.boundaries.length < 2) {
    throw new CommandError(40192, "$bucket requires 'groupBy' and at least two 'boundaries'");
  }
  const bounds = spec.boundaries as unknown[];
  const branches = bounds.slice(0, -1).map((b, i) => ({
    case: { $and: [{ $gte: [spec.groupBy, { $literal: b }] }, { $lt: [spec.groupBy, { $literal: bounds[i + 1] }] }] },
    then: i,
  }));
  const hasDefault = spec.default !== undefined;
  const switchExpr: Document = { branches };
  if (hasDefault) switchExpr.default = bounds.length - 1;
  const output = isPlainObject(spec.output) ? spec.output : { count: { $sum: 1 } };
  const labels = [...bounds.slice(0, -1), ...(hasDefault ? [spec.default] : [])];
  return [
    { $group: { ...output, _id: { $switch: switchExpr } } },
    { $sort: { _id: 1 } },
    { $set: { _id: { $arrayElemAt: [{ $literal: labels }, '$_id'] } } },
  ];
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
