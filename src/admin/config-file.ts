import fs from 'node:fs';
import path from 'node:path';
import type { Model } from 'mongoose';
import YAML, { LineCounter } from 'yaml';
import type { ConfigChange, ConfigSection } from './config-section';

/** Every problem of an admin file at once, each as `file: section[index].field: message`. */
export class ConfigFileError extends Error {
  constructor(readonly problems: string[]) {
    super(`the configuration file is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigFileError';
  }
}

/** A field of a section's items that holds the code of an item of another section (`departmentCode` -> `departments`). */
export interface SectionReference {
  field: string;
  section: string;
  /** Where that section's items are stored, keyed by `code`. */
  model: Model<never>;
}

/**
 * Checks across a section's items that one item's schema cannot make: fields whose values must
 * differ between items (a queue's ticket prefix), and references to another section's items.
 * A section declares them beside its ConfigSection members.
 */
export interface SectionChecks {
  uniqueFields?: string[];
  references?: SectionReference[];
}

export type CheckedSection = ConfigSection<unknown> & SectionChecks;

/** A file read and validated: the sections it has, in apply order, with their parsed items. */
export interface LoadedConfigFile {
  file: string;
  sections: { section: CheckedSection; items: unknown[] }[];
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

const fieldOf = (item: unknown, field: string): unknown => (typeof item === 'object' && item !== null ? (item as Record<string, unknown>)[field] : undefined);

/** `section[i].field: "A" is already used by section[j]` for each value a unique field repeats. */
function repeatedValues(name: string, section: CheckedSection, items: unknown[]): string[] {
  const problems: string[] = [];
  for (const field of section.uniqueFields ?? []) {
    const first = new Map<unknown, number>();
    items.forEach((item, index) => {
      const value = fieldOf(item, field);
      if (value === undefined) return;
      const at = first.get(value);
      if (at === undefined) first.set(value, index);
      else problems.push(`${name}: ${section.key}[${index}].${field}: "${String(value)}" is already used by ${section.key}[${at}]`);
    });
  }
  return problems;
}

/**
 * Reads a YAML or JSON admin file and validates every section with its item schema, collecting
 * all errors (unknown sections, wrong shapes, invalid fields, duplicate codes) before any is shown.
 */
export function loadConfigFile(file: string, sections: CheckedSection[]): LoadedConfigFile {
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
    if (items.length === rawItems.length) problems.push(...repeatedValues(name, section, items));
    loaded.sections.push({ section, items });
  }
  if (problems.length > 0) throw new ConfigFileError(problems);
  return loaded;
}

/** Why a reference to `code` would be broken once the file is applied, or undefined when it holds. */
function brokenReference(code: string, target: string, inFile: Map<string, boolean> | undefined, stored: Map<string, boolean>): string | undefined {
  if (inFile?.has(code)) return inFile.get(code) ? undefined : `"${code}" is set inactive in this file's ${target}`;
  if (inFile && stored.has(code)) return `"${code}" is not in this file's ${target}, so applying the file deactivates it`;
  if (inFile) return `no "${code}" in ${target}, neither in this file nor in the database`;
  if (!stored.has(code)) return `no "${code}" in ${target} in the database (add it to the file's ${target})`;
  return stored.get(code) ? undefined : `"${code}" in ${target} is inactive`;
}

/**
 * Every reference of the file's items (a category's or a queue service's departmentCode) checked
 * against what the database will hold once the file is applied: the file's own items of that
 * section when it has the section (the others are deactivated by it), else the database's.
 */
export async function referenceProblems(loaded: LoadedConfigFile): Promise<string[]> {
  const name = path.basename(loaded.file);
  const problems: string[] = [];
  for (const { section, items } of loaded.sections) {
    for (const ref of section.references ?? []) {
      const target = loaded.sections.find((s) => s.section.key === ref.section);
      const inFile = target ? new Map(target.items.map((item) => [itemKey(item) ?? '', fieldOf(item, 'active') !== false])) : undefined;
      const rows = (await ref.model.find({}, { code: 1, active: 1 }).lean()) as unknown as { code: string; active?: boolean }[];
      const stored = new Map(rows.map((row) => [row.code, row.active !== false]));
      items.forEach((item, index) => {
        const code = fieldOf(item, ref.field);
        const problem = typeof code === 'string' ? brokenReference(code, ref.section, inFile, stored) : undefined;
        if (problem) problems.push(`${name}: ${section.key}[${index}].${ref.field}: ${problem}`);
      });
    }
  }
  return problems;
}

async function assertReferences(loaded: LoadedConfigFile): Promise<void> {
  const problems = await referenceProblems(loaded);
  if (problems.length > 0) throw new ConfigFileError(problems);
}

/** What applying would change, section by section in dependency order. Changes nothing; refuses a file with broken references. */
export async function planConfig(loaded: LoadedConfigFile): Promise<SectionResult[]> {
  await assertReferences(loaded);
  const out: SectionResult[] = [];
  for (const { section, items } of loaded.sections) out.push({ section: section.key, changes: await section.plan(items) });
  return out;
}

/**
 * Applies every section in dependency order; returns what changed. Applying twice changes nothing.
 * A file with a broken reference is refused before anything changes.
 */
export async function applyConfig(loaded: LoadedConfigFile, now: Date): Promise<SectionResult[]> {
  await assertReferences(loaded);
  const out: SectionResult[] = [];
  for (const { section, items } of loaded.sections) out.push({ section: section.key, changes: await section.apply(items, now) });
  return out;
}

/** True when a plan or an apply result has anything but `unchanged`. */
export function hasChanges(results: SectionResult[]): boolean {
  return results.some((r) => r.changes.some((c) => c.action !== 'unchanged'));
}
