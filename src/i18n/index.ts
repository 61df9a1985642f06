import fs from 'node:fs';
import path from 'node:path';
import i18next, { type i18n } from 'i18next';
import { DEFAULT_LANG, LANGUAGES, type Lang, type Translate } from './languages';

export * from './languages';

const LOCALES_DIR = path.join(__dirname, 'locales');

/**
 * Each feature keeps its strings in locales/<lang>/<feature>.json; the file name is the first
 * segment of the key, so `complaints.file.askLocation` lives in complaints.json as
 * { "file": { "askLocation": "..." } }. Features add files without touching a shared one.
 */
function loadResources(): Record<string, { translation: Record<string, unknown> }> {
  const resources: Record<string, { translation: Record<string, unknown> }> = {};
  for (const lang of LANGUAGES) {
    const dir = path.join(LOCALES_DIR, lang);
    const translation: Record<string, unknown> = {};
    if (fs.existsSync(dir)) {
      for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
        translation[path.basename(file, '.json')] = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
      }
    }
    resources[lang] = { translation };
  }
  return resources;
}

let instance: i18n | undefined;

/** The initialised i18next instance (synchronous: resources are bundled files). */
export function getI18n(): i18n {
  if (instance) return instance;
  const created = i18next.createInstance();
  void created.init({
    resources: loadResources(),
    lng: DEFAULT_LANG,
    fallbackLng: { my: ['th'], en: ['th'], default: [DEFAULT_LANG] },
    supportedLngs: [...LANGUAGES],
    initAsync: false,
    nsSeparator: false,
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  } as Parameters<i18n['init']>[0]);
  instance = created;
  return created;
}

const translators = new Map<Lang, Translate>();

/** A translator bound to one language (made once per language). */
export function translator(lang: Lang): Translate {
  let t = translators.get(lang);
  if (!t) {
    const fixed = getI18n().getFixedT(lang);
    t = (key, params) => fixed(key, params ?? {}) as string;
    translators.set(lang, t);
  }
  return t;
}

/** True when the key has a translation in Thai (the reference language). */
export function hasTranslation(key: string): boolean {
  return getI18n().exists(key, { lng: DEFAULT_LANG });
}
