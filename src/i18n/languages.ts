/** Languages the OA speaks. Thai first; English; Burmese for border towns. */
export const LANGUAGES = ['th', 'en', 'my'] as const;
export type Lang = (typeof LANGUAGES)[number];
export const DEFAULT_LANG: Lang = 'th';

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Maps a LINE profile language (e.g. "en", "th", "my", "zh-Hant") to one we speak. */
export function langFromProfile(language: string | undefined): Lang {
  const base = (language ?? '').toLowerCase().split('-')[0];
  return isLang(base) ? base : DEFAULT_LANG;
}

/** A translation function bound to one language: t('complaints.file.askLocation', { n: 3 }). */
export type Translate = (key: string, params?: Record<string, unknown>) => string;
