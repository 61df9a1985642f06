import fs from 'node:fs';
import path from 'node:path';
import { translator } from '../../../src/i18n';
import { CASE_ACTIONS } from '../../../flex-messages/officers/case-cards';
import { OFFICER_ROLES } from '../../../src/features/officers/officer.model';

const ROOT = path.join(__dirname, '../../..');
const load = (lang: string) => JSON.parse(fs.readFileSync(path.join(ROOT, `src/i18n/locales/${lang}/officers.json`), 'utf8')) as Record<string, unknown>;

function leaves(node: unknown, prefix = ''): string[] {
  if (typeof node !== 'object' || node === null) return [prefix];
  return Object.entries(node).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

describe('officers locale files', () => {
  const th = load('th');

  it('when compared, then Thai and English have exactly the same keys', () => {
    expect(leaves(load('en')).sort()).toEqual(leaves(th).sort());
  });

  it('when the code names a key literally, then Thai and English have it', () => {
    const sections = new Set(Object.keys(th));
    const used = new Set<string>();
    for (const file of [...sources(path.join(ROOT, 'src/features/officers')), ...sources(path.join(ROOT, 'flex-messages/officers'))]) {
      for (const match of fs.readFileSync(file, 'utf8').matchAll(/'officers\.([a-zA-Z]+)\.([a-zA-Z.]+)'/g)) if (sections.has(match[1])) used.add(`officers.${match[1]}.${match[2]}`);
    }
    expect(used.size).toBeGreaterThan(60);
    for (const lang of ['th', 'en'] as const) {
      const t = translator(lang);
      expect([...used].filter((key) => t(key) === key)).toEqual([]);
    }
  });

  it('when keys are built from names (actions, roles, channels), then every one exists', () => {
    const t = translator('en');
    const keys = [...Object.keys(CASE_ACTIONS).map((a) => `officers.actions.${a}`), ...OFFICER_ROLES.map((r) => `officers.roles.${r}`), ...['line', 'walk_in', 'phone'].map((c) => `officers.channels.${c}`)];
    expect(keys.filter((key) => t(key) === key)).toEqual([]);
  });
});
