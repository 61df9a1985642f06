import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import QRCode from 'qrcode';

/**
 * The text a counter's QR code puts in the chat. The chat reads it back with
 * POINT_TEXT_PATTERN (surveys.handlers.ts), so the two must stay in step: it is not translated.
 */
export function pointMessageText(pointCode: string): string {
  return `ประเมิน จุดบริการ ${pointCode}`;
}

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

/**
 * A printable PNG for the counter: the QR code of the link, the point code, and a caption in
 * Thai (THSarabunNew, bundled) so a citizen knows what scanning does.
 */
export async function renderPointQrPng(link: string, caption: string, pointCode: string, size = 800): Promise<Buffer> {
  const qrSvg = await QRCode.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
  const inner = qrSvg.replace(/^[\s\S]*?<svg[^>]*viewBox="([^"]+)"[^>]*>/, '<svg x="0" y="0" width="SIZE" height="SIZE" viewBox="$1" shape-rendering="crispEdges">').replace(/SIZE/g, String(size));
  const height = size + 160;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${height}" viewBox="0 0 ${size} ${height}">
<rect width="100%" height="100%" fill="#ffffff"/>
${inner}
<text x="${size / 2}" y="${size + 40}" font-family="TH Sarabun New" font-weight="bold" font-size="54" text-anchor="middle" fill="#0B6E4F">${escapeXml(caption)}</text>
<text x="${size / 2}" y="${size + 120}" font-family="TH Sarabun New" font-size="54" text-anchor="middle" fill="#222222">${escapeXml(pointCode)}</text>
</svg>`;
  const resvg = new Resvg(svg, { font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: 'TH Sarabun New' }, background: '#ffffff' });
  return resvg.render().asPng();
}
