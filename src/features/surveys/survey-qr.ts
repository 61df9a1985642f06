import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import QRCode from 'qrcode';
import { pointMessageText } from './point-text';

/**
 * The LINE link that opens the chat with the OA and pre-fills the message naming the point:
 * https://line.me/R/oaMessage/<basicId>/?<text> (LINE URL scheme, both parts percent-encoded).
 */
export function pointLink(basicId: string, pointCode: string): string {
  return `https://line.me/R/oaMessage/${encodeURIComponent(basicId)}/?${encodeURIComponent(pointMessageText(pointCode))}`;
}

const FONT_DIR = path.dirname(require.resolve('font-th-sarabun-new/package.json'));
const FONT_FILES = ['THSarabunNew-webfont.ttf', 'THSarabunNew_bold-webfont.ttf'].map((f) => path.join(FONT_DIR, 'fonts', f));

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

/** What the printed card says under the QR code. */
export interface PointQrText {
  /** What scanning does ("สแกนเพื่อประเมินความพึงพอใจ"). */
  caption: string;
  /** The point's name, as the citizen knows it ("ทะเบียนราษฎร ช่องบริการ 1"). */
  name: string;
  /** The point's code, small, for the staff who put the card up. */
  code: string;
}

/** The printable card as SVG: the QR code of the link, the caption, the point's name and, small, its code. */
export async function pointQrSvg(link: string, text: PointQrText, size = 800): Promise<string> {
  const qrSvg = await QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
  const inner = qrSvg.replace(/^[\s\S]*?<svg[^>]*viewBox="([^"]+)"[^>]*>/, '<svg x="0" y="0" width="SIZE" height="SIZE" viewBox="$1" shape-rendering="crispEdges">').replace(/SIZE/g, String(size));
  const height = size + 200;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${height}" viewBox="0 0 ${size} ${height}">
<rect width="100%" height="100%" fill="#ffffff"/>
${inner}
<text x="${size / 2}" y="${size + 40}" font-family="TH Sarabun New" font-weight="bold" font-size="54" text-anchor="middle" fill="#0B6E4F">${escapeXml(text.caption)}</text>
<text x="${size / 2}" y="${size + 115}" font-family="TH Sarabun New" font-size="54" text-anchor="middle" fill="#222222">${escapeXml(text.name)}</text>
<text x="${size / 2}" y="${size + 175}" font-family="TH Sarabun New" font-size="32" text-anchor="middle" fill="#777777">${escapeXml(text.code)}</text>
</svg>`;
}

/**
 * A printable PNG for the counter (pointQrSvg), drawn with THSarabunNew (bundled) so the Thai
 * needs no font on the machine.
 */
export async function renderPointQrPng(link: string, text: PointQrText, size = 800): Promise<Buffer> {
  const svg = await pointQrSvg(link, text, size);
  const resvg = new Resvg(svg, { font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: 'TH Sarabun New' }, background: '#ffffff' });
  return resvg.render().asPng();
}
