import { z } from 'zod';
import { getSettings, saveSettings, settingsSchema, type Settings } from '../features/municipality/settings';
import type { ConfigChange, ConfigSection } from './config-section';

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Paths of keys in the input that the schema does not know (a typo would otherwise be ignored). */
function unknownKeys(input: unknown, parsed: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (!isPlain(input) || !isPlain(parsed)) return [];
  return Object.keys(input).flatMap((k) => (k in parsed ? unknownKeys(input[k], parsed[k], [...path, k]) : [[...path, k]]));
}

/** The settings object of the admin file: settingsSchema (defaults for what is left out), unknown keys refused. */
export const settingsItemSchema = z.unknown().transform((input, ctx): Settings => {
  const result = settingsSchema.safeParse(input);
  if (!result.success) {
    for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path as (string | number)[] });
  }
  // Every setting has a default, so the defaults name every known key.
  for (const path of unknownKeys(input, settingsSchema.parse({}))) ctx.addIssue({ code: 'custom', message: 'unknown setting', path });
  return result.success ? result.data : z.NEVER;
});

/** Leaf values by dotted path: { 'complaints.defaultDueDays': '15', ... }. */
function leaves(value: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (isPlain(value)) {
    for (const [k, v] of Object.entries(value)) for (const [p, s] of leaves(v, prefix ? `${prefix}.${k}` : k)) out.set(p, s);
  } else out.set(prefix, JSON.stringify(value));
  return out;
}

function diff(current: Settings, next: Settings): ConfigChange[] {
  const a = leaves(current);
  const b = leaves(next);
  const changes: ConfigChange[] = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    if (a.get(key) !== b.get(key)) changes.push({ action: 'update', key, details: `${a.get(key) ?? '(none)'} -> ${b.get(key) ?? '(none)'}` });
  }
  return changes.length > 0 ? changes : [{ action: 'unchanged', key: 'settings' }];
}

function single(items: Settings[]): Settings {
  if (items.length !== 1) throw new Error('settings: the section is one object');
  return items[0];
}

/**
 * Section `settings`: the municipality-wide settings as one object. The file states them all:
 * a setting it leaves out goes back to its default (the plan shows it).
 */
export const settingsConfigSection: ConfigSection<Settings> = {
  key: 'settings',
  itemSchema: settingsItemSchema,
  async plan(items) {
    return diff(await getSettings(), single(items));
  },
  async apply(items, now) {
    const changes = diff(await getSettings(), single(items));
    if (changes.some((c) => c.action !== 'unchanged')) await saveSettings(single(items), now);
    return changes;
  },
};
