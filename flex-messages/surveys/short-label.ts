import { excerpt } from '../../src/shared/text';

const THAI = /[\u0E00-\u0E7F]/;
const AND = /^(และ|and)$/i;

const length = (s: string) => Array.from(s).length;

/**
 * A name short enough for a quick-reply label (LINE allows 20 characters), cut between whole
 * words as a municipal officer abbreviates it: at its "and" when it has one
 * ("กองสาธารณสุขและสิ่งแวดล้อม" -> "กองสาธารณสุขฯ"), else after as many words as fit. Thai names end
 * with ฯ (the abbreviation sign), others with an ellipsis. A name that fits is left whole.
 */
export function shortLabel(name: string, max = 20): string {
  const clean = name.replace(/\s+/g, ' ').trim();
  if (length(clean) <= max) return clean;
  const thai = THAI.test(clean);
  const mark = thai ? 'ฯ' : '…';
  const words = [...new Intl.Segmenter(thai ? 'th' : 'en', { granularity: 'word' }).segment(clean)].map((s) => s.segment);
  const upTo = (count: number) => words.slice(0, count).join('').trim();
  const fits = (count: number) => count > 0 && length(upTo(count)) + length(mark) <= max;
  const and = words.findIndex((w, i) => i > 0 && AND.test(w));
  if (fits(and)) return `${upTo(and)}${mark}`;
  let count = words.length - 1;
  while (count > 0 && !fits(count)) count -= 1;
  return count > 0 ? `${upTo(count)}${mark}` : excerpt(clean, max);
}
