import fs from 'node:fs';
import path from 'node:path';
import { translator } from '../../../src/i18n';
import { STATUSES, statusLabelKey } from '../../../src/features/complaints/complaint-status';

const ROOT = path.join(__dirname, '../../..');
const load = (lang: string) => JSON.parse(fs.readFileSync(path.join(ROOT, `src/i18n/locales/${lang}/complaints.json`), 'utf8')) as Record<string, unknown>;

/** Every leaf key, with i18next's plural suffixes folded (Thai has one form, English two). */
function leaves(node: unknown, prefix = ''): string[] {
  if (typeof node !== 'object' || node === null) return [prefix.replace(/_(zero|one|two|few|many|other)$/, '')];
  return [...new Set(Object.entries(node).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k)))];
}

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

describe('complaints locale files', () => {
  const th = load('th');

  it('when compared, then Thai and English have exactly the same keys', () => {
    expect(leaves(load('en')).sort()).toEqual(leaves(th).sort());
  });

  it('when Burmese gives a string, then it is one Thai has too (the rest falls back to Thai)', () => {
    const thai = new Set(leaves(th));
    expect(leaves(load('my')).filter((key) => !thai.has(key))).toEqual([]);
  });

  it('when the code names a key literally, then Thai and English have it', () => {
    const used = new Set<string>();
    for (const file of [...sources(path.join(ROOT, 'src/features/complaints')), ...sources(path.join(ROOT, 'flex-messages/complaints'))]) {
      for (const match of fs.readFileSync(file, 'utf8').matchAll(/'(complaints\.[a-zA-Z]+\.[a-zA-Z.]+)'/g)) used.add(match[1]);
    }
    expect(used.size).toBeGreaterThan(80);
    for (const lang of ['th', 'en'] as const) {
      const t = translator(lang);
      expect([...used].filter((key) => t(key, { count: 2 }) === key)).toEqual([]);
    }
  });

  it('when keys are built from names (statuses, edit fields, timeline entries), then every one exists in both languages', () => {
    const keys = [
      ...STATUSES.map(statusLabelKey),
      ...['category', 'description', 'photos', 'location', 'phone'].map((f) => `complaints.file.editField.${f}`),
      ...['filed', ...STATUSES, 'note', 'question', 'answer', 'forward', 'meToo', 'reopened'].flatMap((k) => [`complaints.timeline.entry.${k}`, `complaints.update.headline.${k}`]),
      ...['cancelCase', 'reopen', 'answer'].map((k) => `complaints.caseFlows.left.${k}`),
    ];
    for (const lang of ['th', 'en'] as const) {
      const t = translator(lang);
      expect(keys.filter((key) => t(key) === key)).toEqual([]);
    }
  });
});
