import fs from 'node:fs';
import path from 'node:path';
import YAML, { LineCounter } from 'yaml';
import type { ConfigChange, ConfigSection } from './config-section';

/** Every problem of an admin file at once, each as `file: section[index].field: message`. */
export class ConfigFileError extends Error {
  constructor(readonly problems: string[]) {
    super(`the configuration file is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigFileError';
  }
}

/** A file read and validated: the sections it has, in apply order, with their parsed items. */
export interface LoadedConfigFile {
  file: string;
  sections: { section: ConfigSection<unknown>; items: unknown[] }[];
}

export interface SectionResult {
  section: string;
  changes: ConfigChange[];
}

/** Sections that hold one object rather than a list. */
const SINGLE_OBJECT_SECTIONS = new Set(['settings']);

function location(key: string, index: number | undefined, issuePath: PropertyKey[]): string {
  const base = index === undefined ? key : `${key}[${index}]`;
  const rest = issuePath.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  return `${base}${rest}`;
}

/** The stable key of an item (code, key or id), for duplicate detection. */
function itemKey(item: unknown): string | undefined {
  if (typeof item !== 'object' || item === null) return undefined;
  const o = item as Record<string, unknown>;
  const k = o.code ?? o.key ?? o.id;
  return typeof k === 'string' ? k : undefined;
}

/**
 * Reads a YAML or JSON admin file and validates every section with its item schema, collecting
 * all errors (unknown sections, wrong shapes, invalid fields, duplicate codes) before any is shown.
 */
export function loadConfigFile(file: string, sections: ConfigSection<unknown>[]): LoadedConfigFile {
  const name = path.basename(file);
  if (!fs.existsSync(file)) throw new ConfigFileError([`${name}: file not found (${file})`]);
  const lineCounter = new LineCounter();
  const doc = YAML.parseDocument(fs.readFileSync(file, 'utf8'), { prettyErrors: false, lineCounter });
  if (doc.errors.length > 0) throw new ConfigFileError(doc.errors.map((e) => `${name}: line ${lineCounter.linePos(e.pos[0]).line}: ${e.message.split('\n')[0]}`));
  const data: unknown = doc.toJS();
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new ConfigFileError([`${name}: the file must be a mapping of sections (${sections.map((s) => s.key).join(', ')})`]);
  }
  const problems: string[] = [];
  const known = new Map(sections.map((s) => [s.key, s]));
  for (const key of Object.keys(data)) {
    if (!known.has(key)) problems.push(`${name}: ${key}: unknown section (known: ${sections.map((s) => s.key).join(', ')})`);
  }
  const loaded: LoadedConfigFile = { file, sections: [] };
  for (const section of sections) {
    const raw = (data as Record<string, unknown>)[section.key];
    if (raw === undefined || raw === null) continue;
    const single = SINGLE_OBJECT_SECTIONS.has(section.key);
    if (single ? typeof raw !== 'object' || Array.isArray(raw) : !Array.isArray(raw)) {
      problems.push(`${name}: ${section.key}: must be ${single ? 'an object' : 'a list of items'}`);
      continue;
    }
    const rawItems: unknown[] = single ? [raw] : (raw as unknown[]);
    const items: unknown[] = [];
    const seen = new Map<string, number>();
    rawItems.forEach((rawItem, index) => {
      const at = single ? undefined : index;
      const parsed = section.itemSchema.safeParse(rawItem);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) problems.push(`${name}: ${location(section.key, at, issue.path)}: ${issue.message}`);
        return;
      }
      const k = itemKey(parsed.data);
      if (k !== undefined && !single) {
        const first = seen.get(k);
        if (first !== undefined) problems.push(`${name}: ${section.key}[${index}]: "${k}" is already defined at ${section.key}[${first}]`);
        else seen.set(k, index);
      }
      items.push(parsed.data);
    });
    loaded.sections.push({ section, items });
  }
  if (problems.length > 0) throw new ConfigFileError(problems);
  return loaded;
}

/** What applying would change, section by section in dependency order. Changes nothing. */
export async function planConfig(loaded: LoadedConfigFile): Promise<SectionResult[]> {
  const out: SectionResult[] = [];
  for (const { section, items } of loaded.sections) out.push({ section: section.key, changes: await section.plan(items) });
  return out;
}

/** Applies every section in dependency order; returns what changed. Applying twice changes nothing. */
export async function applyConfig(loaded: LoadedConfigFile, now: Date): Promise<SectionResult[]> {
  const out: SectionResult[] = [];
  for (const { section, items } of loaded.sections) out.push({ section: section.key, changes: await section.apply(items, now) });
  return out;
}

/** True when a plan or an apply result has anything but `unchanged`. */
export function hasChanges(results: SectionResult[]): boolean {
  return results.some((r) => r.changes.some((c) => c.action !== 'unchanged'));
}
