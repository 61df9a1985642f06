import type { Document } from 'bson';
import { CommandError, ErrorCodes } from './errors';
import { BASE_OPTIONS, Query } from './mingo';
import { formatValue, isPlainObject, keyOf, pathValues, setPath } from './values';

/** An index definition as createIndexes receives it and listIndexes returns it. */
export interface IndexSpec {
  v?: number;
  key: Record<string, unknown>;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Document;
  expireAfterSeconds?: number;
  [option: string]: unknown;
}

type IdSet = string | Set<string>;

interface Entry {
  key: string;
  lead: string;
  values: unknown[];
}

function addTo(map: Map<string, IdSet>, key: string, id: string): void {
  const cur = map.get(key);
  if (cur === undefined) map.set(key, id);
  else if (typeof cur === 'string') {
    if (cur !== id) map.set(key, new Set([cur, id]));
  } else cur.add(id);
}

function removeFrom(map: Map<string, IdSet>, key: string, id: string): void {
  const cur = map.get(key);
  if (cur === undefined) return;
  if (typeof cur === 'string') {
    if (cur === id) map.delete(key);
  } else {
    cur.delete(id);
    if (cur.size === 0) map.delete(key);
  }
}

/**
 * A secondary index kept in memory: a Map from the canonical encoding of the key to the ids of the
 * documents holding it. It enforces uniqueness (with sparse and partial semantics) and answers
 * equality lookups on its leading field.
 */
export class Index {
  readonly fields: string[];
  readonly unique: boolean;
  /** Only ascending/descending keys are maintained; text/geo indexes are accepted but unused. */
  readonly maintained: boolean;
  private readonly partial: Query | null;
  /** The partial filter's conditions one field at a time, or null when its shape cannot be reasoned about. */
  private readonly partialConditions: Array<[string, Query]> | null;
  private readonly full = new Map<string, IdSet>();
  private readonly lead: Map<string, IdSet>;

  constructor(readonly spec: IndexSpec) {
    this.fields = Object.keys(spec.key);
    this.maintained = Object.values(spec.key).every((d) => d === 1 || d === -1);
    this.unique = spec.unique === true && this.maintained;
    const pfe = spec.partialFilterExpression;
    this.partial = pfe ? new Query(pfe, BASE_OPTIONS) : null;
    this.partialConditions = pfe ? splitConditions(pfe) : [];
    this.lead = this.fields.length > 1 ? new Map() : this.full;
  }

  /**
   * True when this index holds every document matching the filter's equalities (field -> values),
   * so an equality on its leading field can be answered from it. A partial index qualifies when
   * the filter implies its partialFilterExpression: each field the expression names has an
   * equality in the filter whose every value satisfies the expression's condition on it (a
   * document holding that value, or an array containing it, then satisfies it too).
   */
  holdsAllMatches(equalities: Map<string, unknown[]>): boolean {
    if (!this.maintained || this.partialConditions === null) return false;
    return this.partialConditions.every(([path, condition]) => {
      const values = equalities.get(path);
      return values !== undefined && values.every((v) => v !== null && v !== undefined && condition.test(setPath({}, path, v)));
    });
  }

  private entries(doc: Document): Entry[] | null {
    if (!this.maintained) return null;
    if (this.partial && !this.partial.test(doc)) return null;
    const perField = this.fields.map((f) => {
      const seen = new Map<string, unknown>();
      for (const v of pathValues(doc, f)) seen.set(keyOf(v), v);
      return [...seen.entries()];
    });
    if (this.spec.sparse && perField.every((vals) => vals.length === 1 && vals[0][1] === undefined)) return null;
    let combos: Array<Array<[string, unknown]>> = [[]];
    for (const vals of perField) combos = combos.flatMap((c) => vals.map((v) => [...c, v]));
    return combos.map((c) => ({
      key: c.length === 1 ? c[0][0] : JSON.stringify(c.map((p) => p[0])),
      lead: c[0][0],
      values: c.map((p) => p[1]),
    }));
  }

  /** Ids of the other documents `doc` (with id `id`) collides with in this unique index. */
  conflicts(doc: Document, id: string): string[] {
    if (!this.unique) return [];
    const out: string[] = [];
    for (const e of this.entries(doc) ?? []) {
      const cur = this.full.get(e.key);
      if (cur === undefined) continue;
      for (const other of typeof cur === 'string' ? [cur] : cur) if (other !== id) out.push(other);
    }
    return out;
  }

  /** Throws the server's duplicate key error if `doc` (with id `id`) would collide with another document. */
  check(doc: Document, id: string, ns: string): void {
    if (!this.unique) return;
    for (const e of this.entries(doc) ?? []) {
      const cur = this.full.get(e.key);
      if (cur === undefined) continue;
      const other = typeof cur === 'string' ? cur !== id : cur.size > 1 || !cur.has(id);
      if (other) throw this.duplicateError(ns, e.values);
    }
  }

  /** The E11000 error exactly as MongoDB words it, with keyPattern and keyValue for drivers. */
  duplicateError(ns: string, values: unknown[]): CommandError {
    const keyValue: Document = {};
    this.fields.forEach((f, i) => (keyValue[f] = values[i] ?? null));
    const shown = this.fields.map((f, i) => `${f}: ${formatValue(values[i])}`).join(', ');
    return new CommandError(
      ErrorCodes.DuplicateKey,
      `E11000 duplicate key error collection: ${ns} index: ${this.spec.name} dup key: { ${shown} }`,
      { keyPattern: this.spec.key, keyValue },
    );
  }

  add(doc: Document, id: string): void {
    for (const e of this.entries(doc) ?? []) {
      addTo(this.full, e.key, id);
      if (this.lead !== this.full) addTo(this.lead, e.lead, id);
    }
  }

  remove(doc: Document, id: string): void {
    for (const e of this.entries(doc) ?? []) {
      removeFrom(this.full, e.key, id);
      if (this.lead !== this.full) removeFrom(this.lead, e.lead, id);
    }
  }

  /** Ids of documents whose leading field equals (or, for arrays, contains) the value. */
  lookup(value: unknown): Iterable<string> {
    const cur = this.lead.get(keyOf(value));
    if (cur === undefined) return [];
    return typeof cur === 'string' ? [cur] : cur;
  }

  clear(): void {
    this.full.clear();
    this.lead.clear();
  }
}

/** Operators whose match on a single value carries over to any document holding that value. */
const IMPLIED_OPERATORS = new Set(['$eq', '$exists', '$type', '$gt', '$gte', '$lt', '$lte', '$in']);

/** The partial filter as one compiled condition per field; null when it uses $or or another operator. */
function splitConditions(pfe: Document): Array<[string, Query]> | null {
  const out: Array<[string, Query]> = [];
  const visit = (expr: Document): boolean =>
    Object.entries(expr).every(([path, cond]) => {
      if (path === '$and') return Array.isArray(cond) && cond.every((sub) => isPlainObject(sub) && visit(sub));
      if (path.startsWith('$')) return false;
      if (isPlainObject(cond) && Object.keys(cond).some((op) => op.startsWith('$') && !IMPLIED_OPERATORS.has(op))) return false;
      out.push([path, new Query({ [path]: cond }, BASE_OPTIONS)]);
      return true;
    });
  return visit(pfe) ? out : null;
}

/** The default index name MongoDB derives from a key pattern: `a_1_b_-1`. */
export function defaultIndexName(key: Record<string, unknown>): string {
  return Object.entries(key)
    .map(([k, v]) => `${k}_${String(v)}`)
    .join('_');
}
