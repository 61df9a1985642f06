import type { Document } from 'bson';
import { CommandError, ErrorCodes } from '../errors';
import type { IndexSpec } from '../indexes';
import { BASE_OPTIONS, compileQuery } from '../mingo';
import type { Collection } from '../storage';
import { isPlainObject } from '../values';
import { collectionName, doc, type CommandContext, type CommandHandler } from './context';
import { collectionOptions, indexCollation } from './create-options';

function existing(ctx: CommandContext, name: string): Collection {
  const coll = ctx.store.collection(ctx.db, name);
  if (!coll) throw new CommandError(ErrorCodes.NamespaceNotFound, `ns does not exist: ${ctx.db}.${name}`);
  return coll;
}

/** Keeps the entries a listCollections/listDatabases filter matches. */
function filtered(infos: Document[], filter: unknown, ctx: CommandContext): Document[] {
  const spec = doc(filter, 'filter');
  if (!spec || Object.keys(spec).length === 0) return infos;
  const q = compileQuery(spec, ctx.mingo);
  return infos.filter((i) => q.test(i));
}

const create: CommandHandler = (cmd, ctx) => {
  ctx.store.createCollection(ctx.db, collectionName(cmd), collectionOptions(cmd));
  return { ok: 1 };
};

const listCollections: CommandHandler = (cmd, ctx) => {
  const colls = [...(ctx.store.dbs.get(ctx.db)?.values() ?? [])];
  let infos: Document[] = colls.map((c) => ({
    name: c.name,
    type: 'collection',
    options: c.options,
    info: { readOnly: false, uuid: c.uuid },
    idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
  }));
  infos = filtered(infos, cmd.filter, ctx);
  if (cmd.nameOnly === true) infos = infos.map((i) => ({ name: i.name, type: i.type }));
  const batchSize = (doc(cmd.cursor, 'cursor') ?? {}).batchSize as number | undefined;
  return ctx.cursors.first(`${ctx.db}.$cmd.listCollections`, infos, batchSize, false);
};

/** listDatabases, with its filter (on name, sizeOnDisk and empty) and nameOnly. Sizes are not tracked: 0. */
const listDatabases: CommandHandler = (cmd, ctx) => {
  let databases: Document[] = [...ctx.store.dbs.entries()].map(([name, colls]) => ({
    name,
    sizeOnDisk: 0,
    empty: [...colls.values()].every((c) => c.docs.size === 0),
  }));
  databases = filtered(databases, cmd.filter, { ...ctx, mingo: BASE_OPTIONS });
  if (cmd.nameOnly === true) return { databases: databases.map((d) => ({ name: d.name })), ok: 1 };
  return { databases, totalSize: 0, totalSizeMb: 0, ok: 1 };
};

const createIndexes: CommandHandler = (cmd, ctx) => {
  const name = collectionName(cmd);
  if (!Array.isArray(cmd.indexes)) throw new CommandError(ErrorCodes.TypeMismatch, 'createIndexes requires an indexes array');
  const specs = cmd.indexes as IndexSpec[];
  for (const s of specs) {
    if (!isPlainObject(s) || !isPlainObject(s.key) || Object.keys(s.key).length === 0) {
      throw new CommandError(ErrorCodes.FailedToParse, 'index specification must have a non-empty key object');
    }
    if (typeof s.name !== 'string') throw new CommandError(ErrorCodes.FailedToParse, 'index specification must have a name');
  }
  const created = !ctx.store.collection(ctx.db, name);
  const coll = ctx.store.ensureCollection(ctx.db, name);
  const before = coll.indexSpecs().length;
  let added = 0;
  for (const s of specs) if (coll.createIndex(indexCollation(s, coll))) added++;
  const reply: Document = { numIndexesBefore: before, numIndexesAfter: coll.indexSpecs().length };
  if (created) reply.createdCollectionAutomatically = true;
  if (added === 0) reply.note = 'all indexes already exist';
  reply.ok = 1;
  return reply;
};

const dropIndexes: CommandHandler = (cmd, ctx) => {
  const coll = existing(ctx, collectionName(cmd));
  const was = coll.indexSpecs().length;
  const which = cmd.index;
  if (which === '*') {
    for (const n of [...coll.indexes.keys()]) coll.dropIndex(n);
  } else if (typeof which === 'string') {
    if (which === '_id_') throw new CommandError(72, 'cannot drop _id index');
    coll.dropIndex(which);
  } else if (Array.isArray(which)) {
    for (const n of which) coll.dropIndex(String(n));
  } else if (isPlainObject(which)) {
    const match = [...coll.indexes.values()].find((i) => JSON.stringify(i.spec.key) === JSON.stringify(which));
    if (!match) throw new CommandError(ErrorCodes.IndexNotFound, `can't find index with key: ${JSON.stringify(which)}`);
    coll.dropIndex(match.spec.name);
  } else throw new CommandError(ErrorCodes.TypeMismatch, 'dropIndexes requires an index name, key pattern or "*"');
  return { nIndexesWas: was, ok: 1 };
};

/** Collection, database and index management. */
export const adminCommands: Record<string, CommandHandler> = {
  create,
  drop: (cmd, ctx) => {
    const name = collectionName(cmd);
    const coll = ctx.store.collection(ctx.db, name);
    const was = coll?.indexSpecs().length ?? 0;
    ctx.store.dropCollection(ctx.db, name);
    return { ns: `${ctx.db}.${name}`, nIndexesWas: was, ok: 1 };
  },
  dropDatabase: (_cmd, ctx) => {
    ctx.store.dropDatabase(ctx.db);
    return { dropped: ctx.db, ok: 1 };
  },
  listCollections,
  listDatabases,
  createIndexes,
  listIndexes: (cmd, ctx) => {
    const coll = existing(ctx, collectionName(cmd));
    const batchSize = (doc(cmd.cursor, 'cursor') ?? {}).batchSize as number | undefined;
    return ctx.cursors.first(`${ctx.db}.$cmd.listIndexes.${coll.name}`, coll.indexSpecs(), batchSize, false);
  },
  dropIndexes,
  deleteIndexes: dropIndexes,
};
