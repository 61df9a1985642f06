import type { Document } from 'bson';
import { Aggregator } from 'mingo';
import { CommandError, ErrorCodes } from '../errors';
import { liveDocs, matching } from '../query';
import { cloneDoc, idFirst, isPlainObject } from '../values';
import { doc, num, type CommandHandler } from './context';
import { rewritePipeline } from './bucket';
import { withCollation } from './crud';

/** Stages mingo implements and this server passes through. $out and $merge are refused: they would not write. */
const STAGES = new Set([
  '$addFields', '$bucket', '$bucketAuto', '$count', '$densify', '$facet', '$fill', '$graphLookup', '$group',
  '$limit', '$lookup', '$match', '$project', '$redact', '$replaceRoot', '$replaceWith', '$sample', '$set',
  '$setWindowFields', '$skip', '$sort', '$sortByCount', '$unionWith', '$unset', '$unwind',
]);
/** Stages that never modify their input documents, so stored documents need not be copied for them. */
const READ_ONLY_STAGES = new Set(['$match', '$sort', '$limit', '$skip', '$count', '$group', '$sortByCount', '$bucket', '$bucketAuto']);

function stageName(stage: unknown): string {
  if (!isPlainObject(stage) || Object.keys(stage).length !== 1) {
    throw new CommandError(40323, 'A pipeline stage specification object must contain exactly one field.');
  }
  const name = Object.keys(stage)[0];
  if (name === '$out' || name === '$merge') {
    throw new CommandError(ErrorCodes.Location40324, `${name} is not supported by the embedded MongoDB server`);
  }
  if (!STAGES.has(name)) throw new CommandError(ErrorCodes.Location40324, `Unrecognized pipeline stage name: '${name}'`);
  return name;
}

const aggregate: CommandHandler = (cmd, ctx) => {
  const target = cmd.aggregate;
  if (typeof target !== 'string') {
    throw new CommandError(ErrorCodes.InvalidOptions, 'database-level aggregate (aggregate: 1) is not supported by the embedded MongoDB server');
  }
  if (!Array.isArray(cmd.pipeline)) throw new CommandError(ErrorCodes.TypeMismatch, "'pipeline' option must be specified as an array");
  if (cmd.explain) throw new CommandError(ErrorCodes.InvalidOptions, 'explain is not supported by the embedded MongoDB server');
  const cursorOpt = doc(cmd.cursor, 'cursor');
  if (!cursorOpt) throw new CommandError(ErrorCodes.FailedToParse, "The 'cursor' option is required, except for aggregate with the explain argument");
  const names = (cmd.pipeline as unknown[]).map(stageName);
  let pipeline = cmd.pipeline as Document[];
  const opts = withCollation(cmd, ctx);
  const coll = ctx.store.collection(ctx.db, target);
  // A leading $match is answered by the planner, which uses indexes.
  let input: Document[];
  if (names[0] === '$match') {
    input = matching(coll, pipeline[0].$match as Document, opts, opts !== ctx.mingo);
    pipeline = pipeline.slice(1);
    names.shift();
  } else input = coll ? [...liveDocs(coll)] : [];
  // mingo updates the documents it is given in place: give it copies unless no stage writes.
  if (!names.every((n) => READ_ONLY_STAGES.has(n))) input = input.map(cloneDoc);
  const results = pipeline.length ? new Aggregator(rewritePipeline(pipeline), opts).run(input) : input;
  const batchSize = cursorOpt.batchSize === undefined ? undefined : num(cursorOpt.batchSize);
  return ctx.cursors.first(`${ctx.db}.${target}`, results.map(idFirst), batchSize, false);
};

/** aggregate. */
export const aggregateCommands: Record<string, CommandHandler> = { aggregate };
