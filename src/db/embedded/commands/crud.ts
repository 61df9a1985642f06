import type { Document } from 'bson';
import { CommandError, toCommandError } from '../errors';
import { matching, project, sortSkipLimit } from '../query';
import { idFirst, keyOf, pathValues } from '../values';
import { collectionName, doc, num, type CommandContext, type CommandHandler } from './context';

/** A writeErrors entry, as the server reports a failed statement of a batch write. */
export function writeError(index: number, err: unknown): Document {
  const e = toCommandError(err);
  return { index, code: e.code, errmsg: e.message, ...e.extra };
}

/** mingo options for a command, with its collation when it names one. */
export function withCollation(cmd: Document, ctx: CommandContext): CommandContext['mingo'] {
  const collation = doc(cmd.collation, 'collation');
  return collation ? { ...ctx.mingo, collation: collation as never } : ctx.mingo;
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

const find: CommandHandler = (cmd, ctx) => {
  const name = collectionName(cmd);
  const opts = withCollation(cmd, ctx);
  const filter = doc(cmd.filter, 'filter') ?? {};
  const limit = num(cmd.limit);
  const found = matching(ctx.store.collection(ctx.db, name), filter, opts, opts !== ctx.mingo);
  const page = sortSkipLimit(found, doc(cmd.sort, 'sort'), num(cmd.skip), Math.abs(limit), opts);
  const docs = project(page, doc(cmd.projection, 'projection'), opts).map(idFirst);
  const batchSize = cmd.batchSize === undefined ? undefined : num(cmd.batchSize);
  return ctx.cursors.first(`${ctx.db}.${name}`, docs, batchSize, cmd.singleBatch === true || limit < 0);
};

const count: CommandHandler = (cmd, ctx) => {
  const coll = ctx.store.collection(ctx.db, collectionName(cmd));
  const opts = withCollation(cmd, ctx);
  const found = matching(coll, doc(cmd.query, 'query') ?? {}, opts, opts !== ctx.mingo);
  const skip = num(cmd.skip);
  const limit = Math.abs(num(cmd.limit));
  let n = Math.max(0, found.length - skip);
  if (limit > 0) n = Math.min(n, limit);
  return { n, ok: 1 };
};

const distinct: CommandHandler = (cmd, ctx) => {
  const coll = ctx.store.collection(ctx.db, collectionName(cmd));
  if (typeof cmd.key !== 'string') throw new CommandError(2, 'distinct requires a key string');
  const opts = withCollation(cmd, ctx);
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
      const opts = withCollation(stmt, ctx);
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
