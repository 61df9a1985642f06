import fs from 'node:fs';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import sharp from 'sharp';
import { ICONS } from './menu-icons';
import { problemAt, RICH_MENU_RULES, type MenuArea, type MenuSpec } from './menu-spec';

/** The Thai font the images are drawn with (TTF files of the font-th-sarabun-new package). */
const FONT_DIR = path.join(path.dirname(require.resolve('font-th-sarabun-new/package.json')), 'fonts');
const FONT_FILES = ['THSarabunNew-webfont.ttf', 'THSarabunNew_bold-webfont.ttf'].map((f) => path.join(FONT_DIR, f));
const FONT_FAMILY = 'TH Sarabun New';

export interface MenuImage {
  data: Buffer;
  contentType: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
  /** `rendered` from the spec, or the designer's file name. */
  source: string;
}

/**
 * SARA AM (ำ) drawn as NIKHAHIT + SARA AA: the font's composed glyph has no advance in resvg's
 * shaping, so "กำหนด" would come out as "กํหนด" with the า over the next letter.
 */
function shapeThai(s: string): string {
  return s.replace(/\u0E33/g, '\u0E4D\u0E32');
}

function escapeXml(s: string): string {
  return shapeThai(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Characters that take horizontal space (Thai vowel and tone marks above/below take none). */
function visibleLength(s: string): number {
  return Array.from(s.replace(/[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]/g, '')).length;
}

/** The largest font size (px) that fits the text in the width, capped by the height share. */
function fitFont(textValue: string, width: number, cap: number, emPerChar = 0.52): number {
  // TH Sarabun New averages about 0.52 em (bold) or 0.47 em (regular) per visible character.
  return Math.floor(Math.min(cap, (width * 0.86) / (Math.max(visibleLength(textValue), 1) * emPerChar)));
}

function icon(name: keyof typeof ICONS, cx: number, cy: number, size: number, color: string): string {
  const scale = size / 24;
  return `<g transform="translate(${(cx - size / 2).toFixed(1)} ${(cy - size / 2).toFixed(1)}) scale(${scale.toFixed(3)})" fill="none" stroke="${color}" stroke-width="1.7" stroke-linecap="round" stroke-linejoin="round"><path d="${ICONS[name]}"/></g>`;
}

function label(textValue: string, cx: number, y: number, size: number, color: string, weight: 'bold' | 'normal'): string {
  return `<text x="${cx.toFixed(1)}" y="${y.toFixed(1)}" font-family="${FONT_FAMILY}" font-size="${size}" font-weight="${weight}" fill="${color}" text-anchor="middle">${escapeXml(textValue)}</text>`;
}

function drawArea(area: MenuArea, spec: MenuSpec): string {
  const { x, y, width: w, height: h } = area.bounds;
  const { theme } = spec;
  const cx = x + w / 2;
  if (area.style === 'tab' || area.style === 'tab-active') {
    const active = area.style === 'tab-active';
    const fill = active ? (area.color ?? theme.button) : '#DDE7E3';
    const color = active ? theme.text : (area.color ?? theme.button);
    const size = fitFont(area.label, w, h * 0.5);
    const parts = [`<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="${fill}"/>`];
    if (area.icon) {
      const iconSize = h * 0.5;
      const gap = iconSize * 0.25;
      const total = iconSize + gap + visibleLength(area.label) * size * 0.52;
      const left = cx - total / 2;
      parts.push(icon(area.icon, left + iconSize / 2, y + h / 2, iconSize, color));
      parts.push(`<text x="${(left + iconSize + gap).toFixed(1)}" y="${(y + h / 2 + size * 0.3).toFixed(1)}" font-family="${FONT_FAMILY}" font-size="${size}" font-weight="bold" fill="${color}">${escapeXml(area.label)}</text>`);
    } else parts.push(label(area.label, cx, y + h / 2 + size * 0.3, size, color, 'bold'));
    if (active) parts.push(`<rect x="${x}" y="${y + h - 12}" width="${w}" height="12" fill="${theme.background}" opacity="0.6"/>`);
    return parts.join('');
  }
  const pad = Math.round(Math.min(w, h) * 0.03);
  const inner = { x: x + pad, y: y + pad, w: w - 2 * pad, h: h - 2 * pad };
  const fill = area.color ?? theme.button;
  const parts = [`<rect x="${inner.x}" y="${inner.y}" width="${inner.w}" height="${inner.h}" rx="${Math.round(pad * 1.5)}" fill="${fill}"/>`];
  const labelSize = fitFont(area.label, inner.w, inner.h * 0.2);
  const captionSize = area.caption ? fitFont(area.caption, inner.w, labelSize * 0.62, 0.47) : 0;
  const hasCaption = Boolean(area.caption);
  const iconSize = Math.min(inner.h * (hasCaption ? 0.36 : 0.42), inner.w * 0.42);
  const iconCy = inner.y + inner.h * (hasCaption ? 0.34 : 0.38);
  if (area.icon) parts.push(icon(area.icon, cx, iconCy, iconSize, theme.text));
  const labelY = area.icon ? iconCy + iconSize / 2 + labelSize * 0.95 : inner.y + inner.h / 2 + labelSize * 0.3;
  parts.push(label(area.label, cx, labelY, labelSize, theme.text, 'bold'));
  if (area.caption) parts.push(label(area.caption, cx, labelY + captionSize * 1.55, captionSize, theme.text, 'normal'));
  return parts.join('');
}

/** The SVG of a menu: background, then each area with its icon and Thai label. */
export function buildMenuSvg(spec: MenuSpec): string {
  const { width, height } = spec.size;
  const body = spec.areas.map((a) => drawArea(a, spec)).join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect width="${width}" height="${height}" fill="${spec.theme.background}"/>\n${body}</svg>`;
}

/** Rendered images by SVG text: a plan and an apply in one process draw each menu once. */
const rendered = new Map<string, Buffer>();

/** Renders the spec to a PNG of exactly its size, palette-compressed when over LINE's 1 MB. */
export async function renderMenuImage(spec: MenuSpec): Promise<MenuImage> {
  const svg = buildMenuSvg(spec);
  const cached = rendered.get(svg);
  if (cached) return { data: cached, contentType: 'image/png', width: spec.size.width, height: spec.size.height, source: 'rendered' };
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'original' },
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
  });
  let data: Buffer = resvg.render().asPng();
  if (data.length > RICH_MENU_RULES.maxImageBytes) data = await sharp(data).png({ palette: true, compressionLevel: 9 }).toBuffer();
  if (rendered.size > 50) rendered.clear();
  rendered.set(svg, data);
  return { data, contentType: 'image/png', width: spec.size.width, height: spec.size.height, source: 'rendered' };
}

/** The designer's image named by the spec, checked against the spec's size and LINE's rules. */
export async function loadSuppliedImage(file: string, dir: string, spec: MenuSpec & { image: string }): Promise<{ image?: MenuImage; problems: string[] }> {
  const imagePath = path.join(dir, spec.image);
  if (!fs.existsSync(imagePath)) return { problems: [problemAt(file, undefined, 'image', `file ${spec.image} not found next to the spec`)] };
  const data = fs.readFileSync(imagePath);
  const meta = await sharp(data)
    .metadata()
    .catch(() => undefined);
  if (!meta || (meta.format !== 'png' && meta.format !== 'jpeg')) return { problems: [problemAt(file, undefined, 'image', `${spec.image} is not a PNG or JPEG image`)] };
  const image: MenuImage = { data, contentType: meta.format === 'png' ? 'image/png' : 'image/jpeg', width: meta.width ?? 0, height: meta.height ?? 0, source: spec.image };
  return { image, problems: imageProblems(file, spec, image) };
}

/** The image must have the spec's exact size and weigh at most 1 MB. */
export function imageProblems(file: string, spec: MenuSpec, image: MenuImage): string[] {
  const out: string[] = [];
  if (image.width !== spec.size.width || image.height !== spec.size.height) {
    out.push(problemAt(file, undefined, 'image.size', `image is ${image.width}x${image.height}, the spec says ${spec.size.width}x${spec.size.height}`));
  }
  if (image.data.length > RICH_MENU_RULES.maxImageBytes) out.push(problemAt(file, undefined, 'image.bytes', `image is ${image.data.length} bytes, at most 1 MB (1048576 bytes) is allowed`));
  return out;
}
