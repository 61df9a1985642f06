import type { ConfigChange, ConfigSection } from '../../admin/config-section';
import { contentEntrySchema, type ContentEntry } from './content.schema';
import { getContent, saveContent } from './content.service';

/** Which top-level fields of an entry differ, e.g. "phones, hours". */
function changedFields(current: object, next: object): string {
  const a = current as Record<string, unknown>;
  const b = next as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
  return keys.join(', ');
}

async function planOne(entry: ContentEntry): Promise<ConfigChange> {
  const current = await getContent(entry.key);
  const details = changedFields(current, entry);
  return details ? { action: 'update', key: entry.key, details } : { action: 'unchanged', key: entry.key };
}

/**
 * Section `content` of the admin file: the contact card, privacy notice, how-to, No Gift Policy,
 * public information links and service manuals, one item per key. An entry the file leaves out
 * keeps its current value (nothing is deleted).
 */
export const contentConfigSection: ConfigSection<ContentEntry> = {
  key: 'content',
  itemSchema: contentEntrySchema,
  async plan(items) {
    const out: ConfigChange[] = [];
    for (const item of items) out.push(await planOne(item));
    return out;
  },
  async apply(items, now) {
    const out: ConfigChange[] = [];
    for (const item of items) {
      const change = await planOne(item);
      if (change.action !== 'unchanged') await saveContent(item, now);
      out.push(change);
    }
    return out;
  },
};
