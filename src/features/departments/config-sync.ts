import type { Model } from 'mongoose';
import type { ConfigChange } from '../../admin/config-section';

/**
 * Plans and applies an admin file section of items keyed by `code` against a collection: new
 * codes are created, changed ones updated, codes missing from the file deactivated (never
 * deleted, because cases refer to them). Shared by the departments and categories sections.
 */
export interface CodedItem {
  code: string;
  active?: boolean;
}

function comparable(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v));
}

/**
 * What the file says each field the file governs should be: the item's value, or, for a field the
 * file leaves out, the model's default (undefined: the field is removed). So deleting `hotline`
 * or `lineGroupId` from the file removes it from the database, as configuration as code implies.
 */
function intended(model: Model<never>, managed: readonly string[], item: CodedItem): Record<string, unknown> {
  const fields: Record<string, unknown> = { active: true };
  for (const field of managed) {
    const given = (item as unknown as Record<string, unknown>)[field];
    fields[field] = given !== undefined ? given : defaultOf(model, field);
  }
  return { ...fields, ...(item as unknown as Record<string, unknown>) };
}

function defaultOf(model: Model<never>, field: string): unknown {
  const fallback = (model.schema.path(field) as { defaultValue?: unknown } | undefined)?.defaultValue;
  return typeof fallback === 'function' ? (fallback as () => unknown)() : fallback;
}

/** The fields whose stored value differs from the intended one, as "field: old -> new". */
function differences(target: Record<string, unknown>, stored: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(target)) {
    if (value === undefined && stored[key] === undefined) continue;
    if (comparable(value) !== comparable(stored[key])) out.push(`${key}: ${comparable(stored[key]) ?? '-'} -> ${comparable(value) ?? '-'}`);
  }
  return out;
}

/**
 * `managed`: every field the file's items may carry (the item schema's keys); one left out of an
 * item is reset to the model's default or removed.
 */
export async function planCoded<T extends CodedItem>(model: Model<never>, items: T[], managed: readonly string[]): Promise<ConfigChange[]> {
  const stored = (await model.find({}).lean()) as unknown as (Record<string, unknown> & CodedItem)[];
  const byCode = new Map(stored.map((s) => [s.code, s]));
  const changes: ConfigChange[] = [];
  const inFile = new Set<string>();
  for (const item of items) {
    inFile.add(item.code);
    const current = byCode.get(item.code);
    if (!current) {
      changes.push({ action: 'create', key: item.code });
      continue;
    }
    const diff = differences(intended(model, managed, item), current);
    changes.push(diff.length > 0 ? { action: 'update', key: item.code, details: diff.join('; ') } : { action: 'unchanged', key: item.code });
  }
  for (const s of stored) {
    if (!inFile.has(s.code) && s.active !== false) changes.push({ action: 'deactivate', key: s.code });
  }
  return changes;
}

export async function applyCoded<T extends CodedItem>(model: Model<never>, items: T[], managed: readonly string[], now: Date): Promise<ConfigChange[]> {
  const coll = model.collection;
  const changes = await planCoded(model, items, managed);
  const byCode = new Map(items.map((i) => [i.code, i]));
  for (const change of changes) {
    if (change.action === 'create' || change.action === 'update') {
      const target = intended(model, managed, byCode.get(change.key) as T);
      const set = Object.fromEntries(Object.entries(target).filter(([, v]) => v !== undefined));
      const unset = Object.fromEntries(Object.keys(target).filter((k) => target[k] === undefined).map((k) => [k, '']));
      await coll.updateOne({ code: change.key }, { $set: { ...set, updatedAt: now }, ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}), $setOnInsert: { createdAt: now } }, { upsert: true });
    } else if (change.action === 'deactivate') {
      await coll.updateOne({ code: change.key }, { $set: { active: false, updatedAt: now } });
    }
  }
  return changes;
}
