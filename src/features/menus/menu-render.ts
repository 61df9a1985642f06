import fs from 'node:fs';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import sharp from 'sharp';
import { ICONS } from './menu-icons';
import { problemAt, RICH_MENU_RULES, type MenuArea, type MenuSpec } from './menu-spec';
import { escapeXml, fitFontSize, FONT_FAMILY, FONT_FILES, LINE_ASCENT, LINE_DESCENT, textWidth, type FontWeight } from './menu-text';

export interface MenuImage {
  data: Buffer;
  contentType: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
  /** `rendered` from the spec, or the designer's file name. */
  source: string;
}

/** Share of a button's inner width a line of text may take (the rest is a margin to its edges). */
const TEXT_WIDTH_SHARE = 0.84;
/** Space between the icon, the label and the caption, in em of the line below it. */
const LINE_GAP = 0.18;

/** Font sizes for a whole menu: one size for every label and one for every caption, so the buttons match. */
export interface MenuTextSizes {
  label: number;
  caption: number;
  tab: number;
}

/** Where a button's parts go: the icon's centre and size, and the baselines of its two lines. */
export interface ButtonLayout {
  inner: { x: number; y: number; w: number; h: number };
  icon?: { cx: number; cy: number; size: number };
  label: { cx: number; baseline: number; size: number };
  caption?: { cx: number; baseline: number; size: number };
}

const isTab = (area: MenuArea) => area.style === 'tab' || area.style === 'tab-active';

function innerBox(area: MenuArea): ButtonLayout['inner'] {
  const { x, y, width: w, height: h } = area.bounds;
  const pad = Math.round(Math.min(w, h) * 0.03);
  return { x: x + pad, y: y + pad, w: w - 2 * pad, h: h - 2 * pad };
}

const tabIconSize = (area: MenuArea) => area.bounds.height * 0.5;

/**
 * The text sizes of a menu, measured in the font: the largest label size at which every button's
 * label fits its width (capped by the button's height), the same for captions (at most 62% of the
 * label), and for the tab bar's labels beside their icons.
 */
export function menuTextSizes(spec: MenuSpec): MenuTextSizes {
  const buttons = spec.areas.filter((a) => !isTab(a));
  const smallest = (sizes: number[], cap = Infinity) => Math.min(cap, ...sizes);
  const labelFit = (a: MenuArea) => {
    const box = innerBox(a);
    return fitFontSize(a.label, 'bold', box.w * TEXT_WIDTH_SHARE, box.h * 0.17);
  };
  const captionFit = (a: MenuArea) => fitFontSize(a.caption ?? '', 'normal', innerBox(a).w * TEXT_WIDTH_SHARE, Infinity);
  const tabFit = (a: MenuArea) => fitFontSize(a.label, 'bold', a.bounds.width * 0.8 - (a.icon ? tabIconSize(a) * 1.25 : 0), a.bounds.height * 0.5);
  const label = smallest(buttons.map(labelFit));
  const caption = smallest(buttons.filter((a) => a.caption).map(captionFit), Math.floor(label * 0.62));
  const tab = smallest(spec.areas.filter(isTab).map(tabFit));
  const finite = (n: number) => (Number.isFinite(n) ? n : 0);
  return { label: finite(label), caption: finite(caption), tab: finite(tab) };
}

/**
 * A button's icon, label and caption stacked and centred in it: each line gets its full height
 * (marks above, descenders below) and a gap, so a label never touches its caption.
 */
export function layoutButton(area: MenuArea, sizes: MenuTextSizes): ButtonLayout {
  const inner = innerBox(area);
  const cx = area.bounds.x + area.bounds.width / 2;
  const lineHeight = (size: number) => (LINE_ASCENT + LINE_DESCENT) * size;
  const captionSize = area.caption ? sizes.caption : 0;
  const text = lineHeight(sizes.label) + (area.caption ? LINE_GAP * captionSize + lineHeight(captionSize) : 0);
  const iconGap = area.icon ? LINE_GAP * sizes.label : 0;
  const iconSize = area.icon ? Math.max(0, Math.min(inner.h * 0.36, inner.w * 0.42, inner.h * 0.9 - text - iconGap)) : 0;
  const top = inner.y + (inner.h - (iconSize + iconGap + text)) / 2;
  const labelBaseline = top + iconSize + iconGap + LINE_ASCENT * sizes.label;
  return {
    inner,
    ...(area.icon ? { icon: { cx, cy: top + iconSize / 2, size: iconSize } } : {}),
    label: { cx, baseline: labelBaseline, size: sizes.label },
    ...(area.caption ? { caption: { cx, baseline: labelBaseline + LINE_DESCENT * sizes.label + LINE_GAP * captionSize + LINE_ASCENT * captionSize, size: captionSize } } : {}),
  };
}

function icon(name: keyof typeof ICONS, cx: number, cy: number, size: number, color: string): string {
  const scale = size / 24;
  return `<g transform="translate(${(cx - size / 2).toFixed(1)} ${(cy - size / 2).toFixed(1)}) scale(${scale.toFixed(3)})" fill="none" stroke="${color}" stroke-width="1.7" stroke-linecap="round" stroke-linejoin="round"><path d="${ICONS[name]}"/></g>`;
}

function textAt(textValue: string, x: number, y: number, size: number, color: string, weight: FontWeight, anchor: 'middle' | 'start'): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-family="${FONT_FAMILY}" font-size="${size}" font-weight="${weight}" fill="${color}" text-anchor="${anchor}">${escapeXml(textValue)}</text>`;
}

function drawTab(area: MenuArea, spec: MenuSpec, sizes: MenuTextSizes): string {
  const { x, y, width: w, height: h } = area.bounds;
  const { theme } = spec;
  const active = area.style === 'tab-active';
  const fill = active ? (area.color ?? theme.button) : '#DDE7E3';
  const color = active ? theme.text : (area.color ?? theme.button);
  const baseline = y + h / 2 + sizes.tab * ((LINE_ASCENT - LINE_DESCENT) / 2);
  const parts = [`<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="${fill}"/>`];
  if (area.icon) {
    const iconSize = tabIconSize(area);
    const gap = iconSize * 0.25;
    const left = x + w / 2 - (iconSize + gap + textWidth(area.label, 'bold', sizes.tab)) / 2;
    parts.push(icon(area.icon, left + iconSize / 2, y + h / 2, iconSize, color));
    parts.push(textAt(area.label, left + iconSize + gap, baseline, sizes.tab, color, 'bold', 'start'));
  } else parts.push(textAt(area.label, x + w / 2, baseline, sizes.tab, color, 'bold', 'middle'));
  if (active) parts.push(`<rect x="${x}" y="${y + h - 12}" width="${w}" height="12" fill="${theme.background}" opacity="0.6"/>`);
  return parts.join('');
}

function drawButton(area: MenuArea, spec: MenuSpec, sizes: MenuTextSizes): string {
  const { theme } = spec;
  const layout = layoutButton(area, sizes);
  const { inner } = layout;
  const radius = Math.round((inner.x - area.bounds.x) * 1.5);
  const parts = [`<rect x="${inner.x}" y="${inner.y}" width="${inner.w}" height="${inner.h}" rx="${radius}" fill="${area.color ?? theme.button}"/>`];
  if (area.icon && layout.icon) parts.push(icon(area.icon, layout.icon.cx, layout.icon.cy, layout.icon.size, theme.text));
  parts.push(textAt(area.label, layout.label.cx, layout.label.baseline, layout.label.size, theme.text, 'bold', 'middle'));
  if (area.caption && layout.caption) parts.push(textAt(area.caption, layout.caption.cx, layout.caption.baseline, layout.caption.size, theme.text, 'normal', 'middle'));
  return parts.join('');
}

/** The SVG of a menu: background, then each area with its icon and Thai label. */
export function buildMenuSvg(spec: MenuSpec): string {
  const { width, height } = spec.size;
  const sizes = menuTextSizes(spec);
  const body = spec.areas.map((a) => (isTab(a) ? drawTab(a, spec, sizes) : drawButton(a, spec, sizes))).join('\n');
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
