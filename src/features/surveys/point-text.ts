/**
 * The text a counter's QR code puts in the chat. The chat reads it back with
 * POINT_TEXT_PATTERN, so the two must stay in step: it is not translated.
 */
export function pointMessageText(pointCode: string): string {
  return `ประเมิน จุดบริการ ${pointCode}`;
}

/**
 * The text a counter's QR code pre-fills ("ประเมิน จุดบริการ REG-1"), and its English form.
 * Only the code is read from it; it is validated before any query.
 */
export const POINT_TEXT_PATTERN = /^(?:ประเมิน\s*จุดบริการ|rate\s+(?:service\s+)?point)\s+(\S{1,40})$/i;
