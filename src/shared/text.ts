const THAI_DIGITS = '๐๑๒๓๔๕๖๗๘๙';

/** Thai digits (๐-๙) become ASCII digits, so "๐๘๑๒๓๔๕๖๗๘" is read like "0812345678". */
export function normalizeDigits(input: string): string {
  return input.replace(/[๐-๙]/g, (d) => String(THAI_DIGITS.indexOf(d)));
}

/** What the bot compares commands against: digits normalised, spaces folded, lower case. */
export function normalizeCommandText(input: string): string {
  return normalizeDigits(input).normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
}

/** Shortens text for previews without cutting a Thai combining mark off its base letter. */
export function excerpt(text: string, max: number): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  if (chars.length <= max) return chars.join('');
  let cut = max - 1;
  while (cut > 0 && /[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]/.test(chars[cut])) cut -= 1;
  return `${chars.slice(0, cut).join('')}…`;
}

/** LINE's limit on a quick-reply label (and on a message or postback action's label). */
export const QUICK_LABEL_MAX = 20;

const THAI = /[\u0E00-\u0E7F]/;
const AND_WORD = /^(และ|and)$/i;
/** What a label should not end with once cut: spaces, opening brackets, dashes, separators. */
const DANGLING_END = /[\s\p{Ps}\p{Pd}/,:;&+]+$/u;

const segments = (text: string, locale: string, granularity: 'word' | 'grapheme') => [...new Intl.Segmenter(locale, { granularity }).segment(text)].map((s) => s.segment);

/** The longest run of whole grapheme clusters (a letter with its marks, an emoji) within `max` units. */
function wholeGraphemes(text: string, max: number): string {
  let out = '';
  for (const cluster of segments(text, 'th', 'grapheme')) {
    if (out.length + cluster.length > max) break;
    out += cluster;
  }
  return out;
}

/**
 * A name or phrase short enough for a quick-reply label (QUICK_LABEL_MAX), cut as a municipal
 * officer abbreviates it: at its "and" when it has one ("กองสาธารณสุขและสิ่งแวดล้อม" ->
 * "กองสาธารณสุขฯ"), else after as many whole words as fit. Thai ends with ฯ (the abbreviation
 * sign), other languages with an ellipsis; text that fits is left whole. Lengths are counted in
 * UTF-16 units, as src/line/limits.ts checks them (LINE itself counts a label's grapheme clusters,
 * never more), and a cut never splits a grapheme cluster: no Thai mark loses its letter, no emoji
 * its surrogate pair.
 */
export function shortLabel(text: string, max = QUICK_LABEL_MAX): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const mark = THAI.test(clean) ? 'ฯ' : '…';
  const words = segments(clean, mark === 'ฯ' ? 'th' : 'en', 'word');
  const upTo = (count: number) => words.slice(0, count).join('').replace(DANGLING_END, '');
  const fits = (count: number) => count > 0 && upTo(count).length > 0 && upTo(count).length + mark.length <= max;
  const and = words.findIndex((w, i) => i > 0 && AND_WORD.test(w));
  if (fits(and)) return `${upTo(and)}${mark}`;
  let count = words.length - 1;
  while (count > 0 && !fits(count)) count -= 1;
  return count > 0 ? `${upTo(count)}${mark}` : `${wholeGraphemes(clean, max - 1)}…`;
}

/** Escapes a string for use inside a RegExp built from user text (never a query operator). */
export function escapeRegExp(input: string): string {
  return input.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Escapes text for HTML content and attribute values (the pages we render ourselves). */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}
