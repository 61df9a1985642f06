import type { Document } from 'bson';
import { CommandError, ErrorCodes } from '../errors';
import type { IndexSpec } from '../indexes';
import type { Collection } from '../storage';
import { isPlainObject } from '../values';

/** Fields every command may carry (sessions, API version, write concern...), not collection options. */
const GENERIC_FIELDS = new Set(['create', '$db', 'lsid', '$clusterTime', '$readPreference', 'writeConcern', 'comment', 'apiVersion', 'apiStrict', 'apiDeprecationErrors', 'maxTimeMS']);
/** Options kept as given: without a validator, validationLevel and validationAction change nothing. */
const KEPT_AS_GIVEN = new Set(['validationLevel', 'validationAction']);

/** A collation with MongoDB's defaults filled in, as listCollections and listIndexes show it. */
function fullCollation(collation: unknown): Document {
  if (!isPlainObject(collation) || typeof collation.locale !== 'string') {
    throw new CommandError(ErrorCodes.FailedToParse, "collation must be an object with a string 'locale'");
  }
  if (collation.locale === 'simple') return { locale: 'simple' };
  return {
    locale: collation.locale,
    caseLevel: false,
    caseFirst: 'off',
    strength: 3,
    numericOrdering: false,
    alternate: 'non-ignorable',
    maxVariable: 'punct',
    normalization: false,
    backwards: false,
    ...collation,
  };
}

/**
 * The options of a `create` command that the collection keeps: a collation (the default for its
 * queries, sorts and indexes) and validationLevel/validationAction. Anything else (capped,
 * timeseries, views, validators, clustered indexes, ...) is refused naming the option, never dropped.
 */
export function collectionOptions(cmd: Document): Document {
  const options: Document = {};
  for (const [key, value] of Object.entries(cmd)) {
    if (GENERIC_FIELDS.has(key)) continue;
    if (key === 'collation') options.collation = fullCollation(value);
    else if (KEPT_AS_GIVEN.has(key)) options[key] = value;
    else throw new CommandError(ErrorCodes.InvalidOptions, `create option '${key}' is not supported by the embedded MongoDB server`);
  }
  if (options.collation?.locale === 'simple') delete options.collation;
  return options;
}

/**
 * An index spec with its collation: its own, else the collection's default, as MongoDB gives it.
 * A unique index under a non-simple collation is refused: this server compares keys binary, so it
 * would let in duplicates MongoDB rejects.
 */
export function indexCollation(spec: IndexSpec, coll: Collection): IndexSpec {
  const collation = spec.collation !== undefined ? fullCollation(spec.collation) : (coll.options.collation as Document | undefined);
  if (!collation || collation.locale === 'simple') {
    const { collation: _simple, ...rest } = spec;
    return rest as IndexSpec;
  }
  if (spec.unique === true) {
    throw new CommandError(ErrorCodes.InvalidOptions, `unique index '${spec.name}' with collation '${String(collation.locale)}' is not supported by the embedded MongoDB server (keys are compared binary)`);
  }
  return { ...spec, collation };
}
