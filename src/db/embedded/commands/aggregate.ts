import type { Document } from 'bson';
import { CommandError, ErrorCodes } from '../errors';
import { Aggregator } from '../mingo';
import { checkPipeline, refuseWideInput } from '../pipeline-checks';
import { matching } from '../query';
import { liveDocs } from '../ttl';
import { cloneDoc, idFirst } from '../values';
import { doc, num, type CommandHandler } from './context';
import { rewritePipeline } from './bucket';
import { withCollation, withVariables } from './crud';
import { checkHint } from './find-options';

/** Stages that never modify their input documents, so stored documents need not be copied for them. */
const READ_ONLY_STAGES = new Set(['$match', '$sort', '$limit', '$skip', '$count', '$group', '$sortByCount', '$bucket', '$bucketAuto']);

const aggregate: CommandHandler = (cmd, ctx) => {
  const target = cmd.aggregate;
  if (typeof target !== 'string') {
    throw new CommandError(ErrorCodes.InvalidOptions, 'database-level aggregate (aggregate: 1) is not supported by the embedded MongoDB server');
  }
  if (cmd.explain) throw new CommandError(ErrorCodes.InvalidOptions, 'explain is not supported by the embedded MongoDB server');
  const names = checkPipeline(cmd.pipeline);
  const cursorOpt = doc(cmd.cursor, 'cursor');
  if (!cursorOpt) throw new CommandError(ErrorCodes.FailedToParse, "The 'cursor' option is required, except for aggregate with the explain argument");
  let pipeline = cmd.pipeline as Document[];
  const coll = ctx.store.collection(ctx.db, target);
  checkHint(coll, cmd.hint);
  const collated = withCollation(cmd, ctx, coll);
  const opts = withVariables(collated, cmd.let);
  // A leading $match is answered by the planner, which uses indexes.
  let input: Document[];
  if (names[0] === '$match') {
    input = matching(coll, pipeline[0].$match as Document, opts, collated !== ctx.mingo);
    pipeline = pipeline.slice(1);
    names.shift();
  } else input = coll ? [...liveDocs(coll)] : [];
  if (pipeline.length && coll?.holdsWideNumbers) refuseWideInput(input, coll.ns, pipeline);
  // mingo updates the documents it is given in place: give it copies unless no stage writes.
  if (!names.every((n) => READ_ONLY_STAGES.has(n))) input = input.map(cloneDoc);
  const results = pipeline.length ? new Aggregator(rewritePipeline(pipeline), opts).run(input) : input;
  const batchSize = cursorOpt.batchSize === undefined ? undefined : num(cursorOpt.batchSize);
  return ctx.cursors.first(`${ctx.db}.${target}`, (results as Document[]).map(idFirst), batchSize, false);
};

/** aggregate. */
export const aggregateCommands: Record<string, CommandHandler> = { aggregate };
