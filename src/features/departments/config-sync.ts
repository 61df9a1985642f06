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

/** The fields of `item` whose stored value differs, as "field: old -> new". */
function differences(item: Record<string, unknown>, stored: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(item)) {
    if (value === undefined) continue;
    if (comparable(value) !== comparable(stored[key])) out.push(`${key}: ${comparable(stored[key]) ?? '-'} -> ${comparable(value)}`);
  }
  return out;
}

export async function planCoded<T extends CodedItem>(model: Model<never>, items: T[]): Promise<ConfigChange[]> {
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
    const diff = differences({ active: true, ...item } as unknown as Record<string, unknown>, current);
    changes.push(diff.length > 0 ? { action: 'update', key: item.code, details: diff.join('; ') } : { action: 'unchanged', key: item.code });
  }
  for (const s of stored) {
    if (!inFile.has(s.code) && s.active !== false) changes.push({ action: 'deactivate', key: s.code });
  }
  return changes;
}

export async function applyCoded<T extends CodedItem>(model: Model<never>, items: T[], now: Date): Promise<ConfigChange[]> {
  const coll = model.collection;
  const changes = await planCoded(model, items);
  const byCode = new Map(items.map((i) => [i.code, i]));
  for (const change of changes) {
    if (change.action === 'create' || change.action === 'update') {
      const item = byCode.get(change.key) as T;
      await coll.updateOne({ code: change.key }, { $set: { active: true, ...item, updatedAt: now }, $setOnInsert: { createdAt: now } }, { upsert: true });
    } else if (change.action === 'deactivate') {
      await coll.updateOne({ code: change.key }, { $set: { active: false, updatedAt: now } });
    }
  }
  return changes;
}
