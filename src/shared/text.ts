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

/** Escapes a string for use inside a RegExp built from user text (never a query operator). */
export function escapeRegExp(input: string): string {
  return input.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Escapes text for HTML content and attribute values (the pages we render ourselves). */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}
