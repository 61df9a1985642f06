import { ObjectId, type Document } from 'bson';
import * as updateOperators from 'mingo/operators/update';
import { updateOne as mingoUpdateOne } from 'mingo/updater';
import { CommandError, ErrorCodes } from '../errors';
import { FULL_CONTEXT } from '../mingo';
import { findWide } from '../numbers';
import { project } from '../projection';
import type { Options } from '../query';
import { matching, sortSkipLimit } from '../query';
import type { Collection } from '../storage';
import { checkConflicts, checkUpdate } from '../update-checks';
import { cloneDoc, idFirst, isPlainObject, keyOf, setPath } from '../values';
import { collectionName, doc, type CommandHandler } from './context';
import { checkHint } from './find-options';
import { withCollation, withVariables, writeError } from './crud';
import { effectiveModifier, isOperatorUpdate } from './update-modifier';

const PIPELINE_UPDATE_STAGES = new Set(['$addFields', '$set', '$project', '$unset', '$replaceRoot', '$replaceWith']);

interface UpdateSpec {
  u: Document | Document[];
  arrayFilters?: Document[];
  filter: Document;
  opts: Options;
}

function applyPipeline(next: Document, stages: Document[], spec: UpdateSpec): Document {
  for (const stage of stages) {
    const op = Object.keys(stage)[0];
    if (!PIPELINE_UPDATE_STAGES.has(op)) throw new CommandError(ErrorCodes.InvalidOptions, `${op} is not allowed to be used within an update`);
  }
  const wide = findWide(next) ?? findWide(stages);
  if (wide) throw new CommandError(ErrorCodes.BadValue, `a pipeline update on a ${wide.type} value (field '${wide.path}') is not supported by the embedded MongoDB server`);
  const docs = [next];
  mingoUpdateOne(docs, {}, stages as never, {}, spec.opts as never);
  return docs[0];
}

type UpdateOperator = (expr: unknown, arrayFilters: Document[], options: never) => (doc: Document) => string[];

/**
 * Runs mingo's update operators on the document directly. mingo's updater would first copy its
 * operator tables four times and compile the filter for every write (~70 µs of a findAndModify);
 * the checks it makes on the way are made by update-checks.ts instead. The options carry what
 * the operators read: the filter (for `$`), the clone mode, and the server's operators (for
 * arrayFilters and $pull conditions, the only times they are copied into a compiled query).
 */
function applyMingoOperators(doc: Document, modifier: Document, filter: Document, spec: UpdateSpec): void {
  const options = {
    idKey: '_id',
    scriptEnabled: false,
    useStrictMode: true,
    collation: spec.opts.collation,
    context: FULL_CONTEXT,
    local: { condition: filter, updateConfig: { cloneMode: 'copy' } },
  };
  const operators = updateOperators as unknown as Record<string, UpdateOperator>;
  for (const [op, expr] of Object.entries(modifier)) operators[op](expr, spec.arrayFilters ?? [], options as never)(doc);
}

function applyOperators(old: Document, next: Document, spec: UpdateSpec, inserting: boolean): Document {
  const u = spec.u as Document;
  checkConflicts(u);
  const modifier = effectiveModifier(u, inserting);
  const filter = inserting ? {} : spec.filter;
  checkUpdate(next, modifier, { filter, arrayFilters: spec.arrayFilters, options: spec.opts });
  // MongoDB accepts $set of _id to its current value (mingo refuses any _id path): drop that no-op.
  if (isPlainObject(modifier.$set) && '_id' in modifier.$set && keyOf(modifier.$set._id) === keyOf(old._id)) {
    const { _id: _same, ...rest } = modifier.$set;
    if (Object.keys(rest).length) modifier.$set = rest;
    else delete modifier.$set;
  }
  if (Object.keys(modifier).length === 0) return next;
  try {
    applyMingoOperators(next, modifier, filter, spec);
  } catch (err) {
    // mingo refuses any operator on _id, as MongoDB does when the value would change.
    if (err instanceof Error && err.message.includes('immutable field')) throw new CommandError(ErrorCodes.ImmutableField, err.message);
    throw err;
  }
  return next;
}

/**
 * The new version of a document (a copy; the stored one is untouched). `inserting` is true when
 * building an upserted document: $setOnInsert then applies, and the filter is not re-tested.
 */
export function applyUpdate(old: Document, spec: UpdateSpec, inserting: boolean): Document {
  const next = cloneDoc(old);
  const { u } = spec;
  let out: Document;
  if (Array.isArray(u)) out = applyPipeline(next, u, spec);
  else if (!isOperatorUpdate(u)) {
    if (u._id !== undefined && old._id !== undefined && keyOf(u._id) !== keyOf(old._id)) {
      throw new CommandError(ErrorCodes.ImmutableField, `Plan executor error during findAndModify :: caused by :: After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${String(u._id)}`);
    }
    out = old._id === undefined ? cloneDoc(u) : { _id: old._id, ...cloneDoc(u) };
  } else out = applyOperators(old, next, spec, inserting);
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

/** Inserts the document an upsert creates; returns it. */
function upsert(coll: Collection, spec: UpdateSpec): Document {
  const seed = seedFromFilter(spec.filter);
  const built = applyUpdate(seed, spec, true);
  return coll.insert(built._id === undefined ? { _id: seed._id ?? new ObjectId(), ...built } : built);
}

function statementSpec(stmt: Document, opts: Options): UpdateSpec {
  const spec: UpdateSpec = { u: stmt.u as Document, arrayFilters: stmt.arrayFilters as Document[] | undefined, filter: doc(stmt.q, 'q') ?? {}, opts };
  if (!Array.isArray(spec.u) && !isPlainObject(spec.u)) throw new CommandError(ErrorCodes.FailedToParse, 'update must be an object or a pipeline');
  if (stmt.multi === true && !Array.isArray(spec.u) && !isOperatorUpdate(spec.u)) {
    throw new CommandError(ErrorCodes.FailedToParse, 'multi update is not supported for replacement-style update');
  }
  return spec;
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
      checkHint(coll, stmt.hint);
      const opts = withCollation(stmt, ctx, coll);
      const spec = statementSpec(stmt, withVariables(opts, cmd.let));
      let found = matching(coll, spec.filter, spec.opts, opts !== ctx.mingo);
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

/** findAndModify's incompatible options, refused with MongoDB's own messages. */
function checkFindAndModify(cmd: Document): void {
  if (cmd.remove !== true) {
    if (cmd.update === undefined) throw new CommandError(ErrorCodes.FailedToParse, 'Either an update or remove=true must be specified');
    return;
  }
  if (cmd.update !== undefined) throw new CommandError(ErrorCodes.FailedToParse, 'Cannot specify both an update and remove=true');
  if (cmd.upsert === true) throw new CommandError(ErrorCodes.FailedToParse, 'Cannot specify both upsert=true and remove=true ');
  if (cmd.new === true) throw new CommandError(ErrorCodes.FailedToParse, "Cannot specify both new=true and remove=true; 'remove' always returns the deleted document");
}

const findAndModify: CommandHandler = (cmd, ctx) => {
  const name = collectionName(cmd);
  checkFindAndModify(cmd);
  const filter = doc(cmd.query, 'query') ?? {};
  const fields = doc(cmd.fields, 'fields');
  const coll = cmd.remove === true ? ctx.store.collection(ctx.db, name) : ctx.store.ensureCollection(ctx.db, name);
  checkHint(coll, cmd.hint);
  const opts = withCollation(cmd, ctx, coll);
  const shape = (d: Document | null): Document | null => (d ? idFirst(project([d], fields, opts, filter)[0]) : null);
  const queryOpts = withVariables(opts, cmd.let);
  const [old] = sortSkipLimit(matching(coll, filter, queryOpts, opts !== ctx.mingo), doc(cmd.sort, 'sort'), 0, 1, opts);
  if (cmd.remove === true) {
    if (old) coll?.remove(old);
    return { lastErrorObject: { n: old ? 1 : 0 }, value: shape(old ?? null), ok: 1 };
  }
  if (!coll) throw new CommandError(ErrorCodes.BadValue, 'no collection');
  const spec: UpdateSpec = { u: cmd.update as Document, arrayFilters: cmd.arrayFilters as Document[] | undefined, filter, opts: queryOpts };
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
