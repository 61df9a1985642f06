import { keyedHash, verifyKeyedHash } from '../../shared/crypto';

/**
 * Short-lived signed links to evidence, for one officer: GET /integrity/evidence/:id?o=&exp=&sig=.
 * The signature (HMAC under a key derived from the data key) covers the file, the officer and
 * the expiry, so an edited link opens nothing. A forwarded link still opens for whoever holds it
 * until it expires (no login in LINE's browser): hence the short lifetime, the officer's role
 * re-checked at each download, and the access log.
 */
export const EVIDENCE_LINK_TTL_MS = 10 * 60_000;
const PURPOSE = 'integrity.evidence-link';

let publicBaseUrl: string | undefined;

/** Set from config.publicBaseUrl when the routes are mounted; without it no link is made. */
export function setEvidenceBaseUrl(url: string | undefined): void {
  publicBaseUrl = url?.replace(/\/+$/, '');
}

const payload = (fileId: string, officerId: string, exp: number) => `${fileId}.${officerId}.${exp}`;

/** The signed path for a file and an officer, valid for EVIDENCE_LINK_TTL_MS. */
export function evidencePath(fileId: string, officerId: string, now: Date): string {
  const exp = Math.floor((now.getTime() + EVIDENCE_LINK_TTL_MS) / 1000);
  const sig = keyedHash(PURPOSE, payload(fileId, officerId, exp));
  return `/integrity/evidence/${encodeURIComponent(fileId)}?${new URLSearchParams({ o: officerId, exp: String(exp), sig }).toString()}`;
}

/** The absolute link, or undefined when PUBLIC_BASE_URL is not configured. */
export function evidenceUrl(fileId: string, officerId: string, now: Date): string | undefined {
  return publicBaseUrl ? `${publicBaseUrl}${evidencePath(fileId, officerId, now)}` : undefined;
}

export type LinkCheck = 'ok' | 'expired' | 'bad_signature';

/** Checks a link's signature and expiry (in constant time for the signature). */
export function checkEvidenceLink(fileId: string, officerId: string, exp: number, sig: string, now: Date): LinkCheck {
  if (!verifyKeyedHash(PURPOSE, payload(fileId, officerId, exp), sig)) return 'bad_signature';
  return exp * 1000 < now.getTime() ? 'expired' : 'ok';
}
