import fs from 'node:fs';
import path from 'node:path';
import { getI18n } from '../../../src/i18n';

/**
 * Every locale file, every namespace: Thai and English carry the same strings, Burmese only strings
 * Thai has (the rest falls back to Thai), and every key the code names literally exists.
 */
const ROOT = path.join(__dirname, '../../..');
const LOCALES = path.join(ROOT, 'src/i18n/locales');
const namespaces = fs.readdirSync(path.join(LOCALES, 'th')).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));

function load(lang: string, ns: string): Record<string, unknown> {
  const file = path.join(LOCALES, lang, `${ns}.json`);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
}

/** Every leaf key, with i18next's plural suffixes folded (Thai has one form, English two). */
function leaves(node: unknown, prefix = ''): string[] {
  if (typeof node !== 'object' || node === null) return [prefix.replace(/_(zero|one|two|few|many|other)$/, '')];
  return [...new Set(Object.entries(node).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k)))];
}

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : /\.ts$/.test(e.name) ? [path.join(dir, e.name)] : []));
}

describe.each(namespaces)('the %s locale files', (ns) => {
  const th = leaves(load('th', ns)).sort();

  it('when compared, then Thai and English have exactly the same keys', () => {
    expect(leaves(load('en', ns)).sort()).toEqual(th);
  });

  it('when Burmese gives a string, then it is one Thai has too', () => {
    const thai = new Set(th);
    expect(leaves(load('my', ns)).filter((key) => !thai.has(key))).toEqual([]);
  });
});

describe('keys named in the code', () => {
  it('when a source file names a key literally, then Thai and English have it', () => {
    const known = new Set(namespaces);
    const used = new Set<string>();
    // "feature.section.key" anywhere (postback actions and topics have one dot), "feature.key" in t().
    const nested = /['`]([a-z]+)\.([a-zA-Z]+\.[a-zA-Z_.]+)['`]/g;
    const flat = /\bt\(\s*['`]([a-z]+)\.([a-zA-Z_]+)['`]/g;
    for (const file of [...sources(path.join(ROOT, 'src')), ...sources(path.join(ROOT, 'flex-messages'))]) {
      const text = fs.readFileSync(file, 'utf8');
      for (const match of [...text.matchAll(nested), ...text.matchAll(flat)]) if (known.has(match[1]) && !/\.(ya?ml|json|png)$/.test(match[2])) used.add(`${match[1]}.${match[2]}`);
    }
    expect(used.size).toBeGreaterThan(500);
    for (const lang of ['th', 'en'] as const) {
      // Without fallback: English falls back to Thai, so a translation would hide a key only Thai has.
      const missing = [...used].filter((key) => !getI18n().exists(key, { lng: lang, fallbackLng: false, count: 2 }));
      expect({ lang, missing }).toEqual({ lang, missing: [] });
    }
  });
});
