import { ObjectId, type Document } from 'bson';
import { updateOne as mingoUpdateOne } from 'mingo';
import { update as mingoUpdate } from 'mingo/updater';
import { CommandError, ErrorCodes } from '../errors';
import type { Options } from '../query';
import { matching, project, sortSkipLimit } from '../query';
import type { Collection } from '../storage';
import { cloneDoc, getPath, idFirst, isPlainObject, keyOf } from '../values';
import { collectionName, doc, type CommandHandler } from './context';
import { withCollation, writeError } from './crud';

/** Update operators mingo implements, plus $setOnInsert which this file handles itself. */
const UPDATE_OPERATORS = new Set([
  '$set', '$unset', '$inc', '$mul', '$min', '$max', '$rename', '$currentDate', '$push', '$pull',
  '$pullAll', '$addToSet', '$pop', '$bit', '$setOnInsert',
]);
const PIPELINE_UPDATE_STAGES = new Set(['$addFields', '$set', '$project', '$unset', '$replaceRoot', '$replaceWith']);

interface UpdateSpec {
  u: Document | Document[];
  arrayFilters?: Document[];
  filter: Document;
  opts: Options;
}

function isOperatorUpdate(u: Document): boolean {
  const keys = Object.keys(u);
  const ops = keys.filter((k) => k.startsWith('$'));
  if (ops.length > 0 && ops.length < keys.length) {
    throw new CommandError(ErrorCodes.FailedToParse, `Unknown modifier: ${keys.find((k) => !k.startsWith('$'))}. Expected a valid update modifier or pipeline-style update specified as an array`);
  }
  for (const op of ops) {
    if (!UPDATE_OPERATORS.has(op)) {
      throw new CommandError(ErrorCodes.FailedToParse, `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`);
    }
  }
  return ops.length > 0;
}

/** MongoDB refuses $inc/$mul on a non-number; mingo would silently skip the field. */
function checkNumericTargets(target: Document, modifier: Document): void {
  for (const op of ['$inc', '$mul']) {
    const spec = modifier[op];
    if (!isPlainObject(spec)) continue;
    for (const [path, amount] of Object.entries(spec)) {
      if (typeof amount !== 'number') throw new CommandError(ErrorCodes.TypeMismatch, `Cannot ${op === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${path}: ${String(amount)}}`);
      if (path.includes('$')) continue;
      const cur = getPath(target, path);
      if (cur !== undefined && cur !== null && typeof cur !== 'number') {
        throw new CommandError(ErrorCodes.TypeMismatch, `Cannot apply ${op} to a value of non-numeric type. {_id: ${String(target._id)}} has the field '${path}' of non-numeric type ${Array.isArray(cur) ? 'array' : typeof cur}`);
      }
    }
  }
}

/**
 * The new version of a document (a copy; the stored one is untouched). `inserting` is true when
 * building an upserted document: $setOnInsert then applies, and the filter is not re-tested.
 */
export function applyUpdate(old: Document, spec: UpdateSpec, inserting: boolean): Document {
  const next = cloneDoc(old);
  const { u } = spec;
  let out: Document;
  if (Array.isArray(u)) {
    for (const stage of u) {
      const op = Object.keys(stage as Document)[0];
      if (!PIPELINE_UPDATE_STAGES.has(op)) throw new CommandError(ErrorCodes.InvalidOptions, `${op} is not allowed to be used within an update`);
    }
    const docs = [next];
    mingoUpdateOne(docs, {}, u as never, {}, spec.opts);
    out = docs[0];
  } else if (!isOperatorUpdate(u)) {
    if (u._id !== undefined && old._id !== undefined && keyOf(u._id) !== keyOf(old._id)) {
      throw new CommandError(ErrorCodes.ImmutableField, `Plan executor error during findAndModify :: caused by :: After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${String(u._id)}`);
    }
    out = old._id === undefined ? cloneDoc(u) : { _id: old._id, ...cloneDoc(u) };
  } else {
    const modifier: Document = { ...u };
    const onInsert = modifier.$setOnInsert as Document | undefined;
    delete modifier.$setOnInsert;
    if (inserting && onInsert) modifier.$set = { ...(modifier.$set as Document | undefined), ...onInsert };
    checkNumericTargets(next, modifier);
    // MongoDB accepts $set of _id to its current value (mingo refuses any _id path): drop that no-op.
    if (isPlainObject(modifier.$set) && '_id' in modifier.$set && keyOf(modifier.$set._id) === keyOf(old._id)) {
      const { _id: _same, ...rest } = modifier.$set;
      if (Object.keys(rest).length) modifier.$set = rest;
      else delete modifier.$set;
    }
    if (Object.keys(modifier).length > 0) {
      try {
        mingoUpdate(next, modifier, spec.arrayFilters, inserting ? {} : spec.filter, { cloneMode: 'copy', queryOptions: { scriptEnabled: false, collation: spec.opts.collation } });
      } catch (err) {
        // mingo refuses any operator on _id, as MongoDB does when the value would change.
        if (err instanceof Error && err.message.includes('immutable field')) throw new CommandError(ErrorCodes.ImmutableField, err.message);
        throw err;
      }
    }
    out = next;
  }
  if (old._id !== undefined && keyOf(out._id) !== keyOf(old._id)) {
    throw new CommandError(ErrorCodes.ImmutableField, `Performing an update on the path '_id' would modify the immutable field '_id'`);
  }
  return idFirst(out);
}

/** The document an upsert starts from: the equality fields of the filter. */
function seedFromFilter(filter: Document, seed: Document = {}): Document {
  for (const [k, v] of Object.entries(filter)) {
    if (k === '$and' && Array.isArray(v)) {
      for (const sub of v) if (isPlainObject(sub)) seedFromFilter(sub, seed);
      continue;
    }
    if (k.startsWith('$')) continue;
    let value: unknown = v;
    if (isPlainObject(v) && Object.keys(v).some((x) => x.startsWith('$'))) {
      if (!('$eq' in v)) continue;
      value = v.$eq;
    }
    if (v instanceof RegExp) continue;
    setPath(seed, k, cloneDoc(value));
  }
  return seed;
}

function setPath(target: Document, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur = target;
  for (const p of parts.slice(0, -1)) {
    if (!isPlainObject(cur[p])) cur[p] = {};
    cur = cur[p] as Document;
  }
  cur[parts[parts.length - 1]] = value;
}

/** Inserts the document an upsert creates; returns it. */
function upsert(coll: Collection, spec: UpdateSpec): Document {
  const seed = seedFromFilter(spec.filter);
  const built = applyUpdate(seed, spec, true);
  return coll.insert(built._id === undefined ? { _id: seed._id ?? new ObjectId(), ...built } : built);
}

const update: CommandHandler = (cmd, ctx) => {
  const coll = ctx.store.ensureCollection(ctx.db, collectionName(cmd));
  const updates = cmd.updates;
  if (!Array.isArray(updates)) throw new CommandError(ErrorCodes.BadValue, 'update requires an updates array');
  const ordered = cmd.ordered !== false;
  const writeErrors: Document[] = [];
  const upserted: Document[] = [];
  let n = 0;
  let nModified = 0;
  for (let i = 0; i < updates.length; i++) {
    try {
      const stmt = updates[i] as Document;
      const opts = withCollation(stmt, ctx);
      const filter = doc(stmt.q, 'q') ?? {};
      const spec: UpdateSpec = { u: stmt.u as Document, arrayFilters: stmt.arrayFilters as Document[] | undefined, filter, opts };
      if (!Array.isArray(spec.u) && !isPlainObject(spec.u)) throw new CommandError(ErrorCodes.FailedToParse, 'update must be an object or a pipeline');
      if (stmt.multi === true && !Array.isArray(spec.u) && !isOperatorUpdate(spec.u)) {
        throw new CommandError(ErrorCodes.FailedToParse, 'multi update is not supported for replacement-style update');
      }
      let found = matching(coll, filter, opts, opts !== ctx.mingo);
      if (stmt.multi !== true) found = sortSkipLimit(found, doc(stmt.sort, 'sort'), 0, 1, opts);
      for (const old of found) {
        const next = applyUpdate(old, spec, false);
        n++;
        if (keyOf(next) !== keyOf(old)) {
          coll.replace(old, next);
          nModified++;
        }
      }
      if (found.length === 0 && stmt.upsert === true) {
        upserted.push({ index: i, _id: upsert(coll, spec)._id });
        n++;
      }
    } catch (err) {
      writeErrors.push(writeError(i, err));
      if (ordered) break;
    }
  }
  const reply: Document = { n, nModified };
  if (upserted.length) reply.upserted = upserted;
  if (writeErrors.length) reply.writeErrors = writeErrors;
  reply.ok = 1;
  return reply;
};

const findAndModify: CommandHandler = (cmd, ctx) => {
  const name = collectionName(cmd);
  const opts = withCollation(cmd, ctx);
  const filter = doc(cmd.query, 'query') ?? {};
  const fields = doc(cmd.fields, 'fields');
  const shape = (d: Document | null): Document | null => (d ? idFirst(project([d], fields, opts)[0]) : null);
  const coll = cmd.remove === true ? ctx.store.collection(ctx.db, name) : ctx.store.ensureCollection(ctx.db, name);
  const [old] = sortSkipLimit(matching(coll, filter, opts, opts !== ctx.mingo), doc(cmd.sort, 'sort'), 0, 1, opts);
  if (cmd.remove === true) {
    if (old) coll?.remove(old);
    return { lastErrorObject: { n: old ? 1 : 0 }, value: shape(old ?? null), ok: 1 };
  }
  if (cmd.update === undefined) throw new CommandError(ErrorCodes.FailedToParse, 'Either an update or remove=true must be specified');
  const spec: UpdateSpec = { u: cmd.update as Document, arrayFilters: cmd.arrayFilters as Document[] | undefined, filter, opts };
  if (!coll) throw new CommandError(ErrorCodes.BadValue, 'no collection');
  if (old) {
    const next = applyUpdate(old, spec, false);
    if (keyOf(next) !== keyOf(old)) coll.replace(old, next);
    return { lastErrorObject: { n: 1, updatedExisting: true }, value: shape(cmd.new === true ? next : old), ok: 1 };
  }
  if (cmd.upsert === true) {
    const inserted = upsert(coll, spec);
    return { lastErrorObject: { n: 1, updatedExisting: false, upserted: inserted._id }, value: cmd.new === true ? shape(inserted) : null, ok: 1 };
  }
  return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
};

/** update and findAndModify. */
export const updateCommands: Record<string, CommandHandler> = {
  update,
  findAndModify,
  findandmodify: findAndModify,
};
