import { normalizeDigits } from '../../shared/text';

/**
 * A Thai phone number as typed by a citizen ("081-234-5678", "๐๘๑ ๒๓๔ ๕๖๗๘", "+66 81 234 5678",
 * "02-123-4567"), normalised to digits starting with 0; undefined when it is not a Thai mobile
 * (0[689] and 8 more digits) or landline (0[2-7] and 7 more digits).
 */
export function normalizeThaiPhone(input: string): string | undefined {
  const compact = normalizeDigits(input).replace(/[\s\-().]/g, '');
  const local = compact.startsWith('+66') ? `0${compact.slice(3)}` : compact.startsWith('66') && compact.length === 11 ? `0${compact.slice(2)}` : compact;
  if (/^0[689]\d{8}$/.test(local)) return local;
  if (/^0[2-7]\d{7}$/.test(local)) return local;
  return undefined;
}
