import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';

/** The Thai font the images are drawn with (TTF files of the font-th-sarabun-new package). */
const FONT_DIR = path.join(path.dirname(require.resolve('font-th-sarabun-new/package.json')), 'fonts');
export const FONT_FILES = ['THSarabunNew-webfont.ttf', 'THSarabunNew_bold-webfont.ttf'].map((f) => path.join(FONT_DIR, f));
export const FONT_FAMILY = 'TH Sarabun New';

export type FontWeight = 'bold' | 'normal';

/**
 * Vertical extent of a line in em, read from the font as resvg lays it out: Thai vowels and tone
 * marks stacked above reach 1.0 em over the baseline, SARA U/UU and descenders 0.38 em below.
 * Every line gets the same box, so labels in a row share a baseline whatever marks they carry.
 */
export const LINE_ASCENT = 1.0;
export const LINE_DESCENT = 0.38;

/**
 * SARA AM (ำ) drawn as NIKHAHIT + SARA AA: the font's composed glyph has no advance in resvg's
 * shaping, so "กำหนด" would come out as "กํหนด" with the า over the next letter.
 */
function shapeThai(s: string): string {
  return s.replace(/\u0E33/g, '\u0E4D\u0E32');
}

export function escapeXml(s: string): string {
  return shapeThai(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const MEASURE_SIZE = 100;
const widths = new Map<string, number>();

/** The width in px of the text at this size, measured by laying it out in the menu font (cached). */
export function textWidth(text: string, weight: FontWeight, size: number): number {
  const key = `${weight}\u0000${text}`;
  let width = widths.get(key);
  if (width === undefined) {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${MEASURE_SIZE * 60}" height="${MEASURE_SIZE * 3}"><text x="0" y="${MEASURE_SIZE * 2}" font-family="${FONT_FAMILY}" font-size="${MEASURE_SIZE}" font-weight="${weight}">${escapeXml(text)}</text></svg>`;
    const box = new Resvg(svg, { font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: FONT_FAMILY } }).getBBox();
    width = box ? box.x + box.width : 0;
    if (widths.size > 2000) widths.clear();
    widths.set(key, width);
  }
  return (width * size) / MEASURE_SIZE;
}

/** The largest font size (whole px, at most `cap`) at which the text fits in `width`. */
export function fitFontSize(text: string, weight: FontWeight, width: number, cap: number): number {
  const atOne = textWidth(text, weight, 1);
  return Math.floor(atOne > 0 ? Math.min(cap, width / atOne) : cap);
}
