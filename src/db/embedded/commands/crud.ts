import type { Document } from 'bson';
import { CommandError, toCommandError } from '../errors';
import { project } from '../projection';
import { matching, sortSkipLimit } from '../query';
import type { Collection } from '../storage';
import { idFirst, isPlainObject, keyOf, pathValues } from '../values';
import { collectionName, doc, num, type CommandContext, type CommandHandler } from './context';
import { checkHint, naturalDirection, refuseUnsupportedFindOptions } from './find-options';

/** A writeErrors entry, as the server reports a failed statement of a batch write. */
export function writeError(index: number, err: unknown): Document {
  const e = toCommandError(err);
  return { index, code: e.code, errmsg: e.message, ...e.extra };
}

/**
 * mingo options for a command: with its collation, else the collection's default collation (from
 * `create`); ctx.mingo itself when neither applies, which is what lets the planner use indexes.
 */
export function withCollation(cmd: Document, ctx: CommandContext, coll?: Collection): CommandContext['mingo'] {
  const collation = doc(cmd.collation, 'collation') ?? (coll?.options.collation as Document | undefined);
  if (!collation || collation.locale === 'simple') return ctx.mingo;
  return { ...ctx.mingo, collation: collation as never };
}

/** Adds `let` variables (for $expr and pipelines) to the options. */
export function withVariables(opts: CommandContext['mingo'], vars: unknown): CommandContext['mingo'] {
  return isPlainObject(vars) ? { ...opts, variables: vars as never } : opts;
}

const insert: CommandHandler = (cmd, ctx) => {
  const coll = ctx.store.ensureCollection(ctx.db, collectionName(cmd));
  const docs = cmd.documents;
  if (!Array.isArray(docs)) throw new CommandError(2, 'insert requires a documents array');
  const ordered = cmd.ordered !== false;
  const writeErrors: Document[] = [];
  let n = 0;
  for (let i = 0; i < docs.length; i++) {
    try {
      coll.insert(docs[i] as Document);
      n++;
    } catch (err) {
      writeErrors.push(writeError(i, err));
      if (ordered) break;
    }
  }
  return writeErrors.length ? { n, writeErrors, ok: 1 } : { n, ok: 1 };
};

/** The documents a find returns, before projection: in natural order for a $natural sort. */
function findDocs(coll: Collection | undefined, cmd: Document, filter: Document, ctx: CommandContext): Document[] {
  const opts = withCollation(cmd, ctx, coll);
  const fullScan = opts !== ctx.mingo;
  const queryOpts = withVariables(opts, cmd.let);
  const limit = Math.abs(num(cmd.limit));
  const sort = doc(cmd.sort, 'sort');
  const natural = naturalDirection(sort);
  if (natural === 0) return sortSkipLimit(matching(coll, filter, queryOpts, fullScan), sort, num(cmd.skip), limit, opts);
  // The Map keeps insertion order, which is MongoDB's natural order for a collection never compacted.
  const inOrder = matching(coll, filter, queryOpts, true);
  return sortSkipLimit(natural < 0 ? inOrder.reverse() : inOrder, undefined, num(cmd.skip), limit, opts);
}

const find: CommandHandler = (cmd, ctx) => {
  const name = collectionName(cmd);
  const coll = ctx.store.collection(ctx.db, name);
  refuseUnsupportedFindOptions(cmd, `${ctx.db}.${name}`);
  checkHint(coll, cmd.hint);
  const filter = doc(cmd.filter, 'filter') ?? {};
  const page = findDocs(coll, cmd, filter, ctx);
  const docs = project(page, doc(cmd.projection, 'projection'), withCollation(cmd, ctx, coll), filter).map(idFirst);
  const batchSize = cmd.batchSize === undefined ? undefined : num(cmd.batchSize);
  return ctx.cursors.first(`${ctx.db}.${name}`, docs, batchSize, cmd.singleBatch === true || num(cmd.limit) < 0);
};

/** count: without a query it is MongoDB's fast count from the collection's size (expired-but-unswept TTL documents included). */
const count: CommandHandler = (cmd, ctx) => {
  const coll = ctx.store.collection(ctx.db, collectionName(cmd));
  checkHint(coll, cmd.hint);
  const query = doc(cmd.query, 'query') ?? {};
  let total: number;
  if (Object.keys(query).length === 0) total = coll?.docs.size ?? 0;
  else {
    const opts = withCollation(cmd, ctx, coll);
    total = matching(coll, query, opts, opts !== ctx.mingo).length;
  }
  const skip = num(cmd.skip);
  const limit = Math.abs(num(cmd.limit));
  let n = Math.max(0, total - skip);
  if (limit > 0) n = Math.min(n, limit);
  return { n, ok: 1 };
};

const distinct: CommandHandler = (cmd, ctx) => {
  const coll = ctx.store.collection(ctx.db, collectionName(cmd));
  if (typeof cmd.key !== 'string') throw new CommandError(2, 'distinct requires a key string');
  checkHint(coll, cmd.hint);
  const opts = withCollation(cmd, ctx, coll);
  const seen = new Map<string, unknown>();
  for (const d of matching(coll, doc(cmd.query, 'query') ?? {}, opts, opts !== ctx.mingo)) {
    for (const v of pathValues(d, cmd.key)) if (v !== undefined) seen.set(keyOf(v), v);
  }
  return { values: [...seen.values()], ok: 1 };
};

const deleteCmd: CommandHandler = (cmd, ctx) => {
  const coll = ctx.store.collection(ctx.db, collectionName(cmd));
  const deletes = cmd.deletes;
  if (!Array.isArray(deletes)) throw new CommandError(2, 'delete requires a deletes array');
  const ordered = cmd.ordered !== false;
  const writeErrors: Document[] = [];
  let n = 0;
  for (let i = 0; i < deletes.length; i++) {
    try {
      const stmt = deletes[i] as Document;
      checkHint(coll, stmt.hint);
      const opts = withCollation(stmt, ctx, coll);
      let found = matching(coll, doc(stmt.q, 'q') ?? {}, opts, opts !== ctx.mingo);
      if (num(stmt.limit) === 1) found = found.slice(0, 1);
      for (const d of found) coll?.remove(d);
      n += found.length;
    } catch (err) {
      writeErrors.push(writeError(i, err));
      if (ordered) break;
    }
  }
  return writeErrors.length ? { n, writeErrors, ok: 1 } : { n, ok: 1 };
};

/** insert, find, getMore, killCursors, count, distinct, delete. */
export const crudCommands: Record<string, CommandHandler> = {
  insert,
  find,
  getMore: (cmd, ctx) => ctx.cursors.more(cmd.getMore, cmd.batchSize === undefined ? undefined : num(cmd.batchSize)),
  killCursors: (cmd, ctx) => ctx.cursors.kill(Array.isArray(cmd.cursors) ? cmd.cursors : []),
  count,
  distinct,
  delete: deleteCmd,
};
