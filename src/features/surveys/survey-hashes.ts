import { createHmac } from 'node:crypto';
import { loadConfig, type AppConfig } from '../../config';
import { INVITATION_PURGE_AFTER_DAYS, INVITATION_VALID_DAYS } from './survey-invitation.model';

/**
 * The keyed hashes surveys store instead of identifiers: the citizen's LINE id (who answered, for
 * the one-response and once-a-day rules) and the case or ticket rated (so a response cannot be
 * joined to the case record, which holds the citizen's LINE id).
 *
 * Why several keys: the hash keys are derived from the data encryption key, so a database dump
 * alone cannot be matched against a list of LINE ids or case numbers. Rotating that key would
 * change every hash, so a citizen with a pending invitation would be refused as "not yours" and
 * the daily limit would start over. So a hash is always written under the current key and
 * compared against the hashes under the current and every old key still configured
 * (DATA_ENCRYPTION_OLD_KEYS). The user-hash derivation per key is the one used before rotation was
 * handled, so hashes already stored keep matching. Keep an old key configured until the
 * invitations made before the rotation are purged (INVITATION_VALID_DAYS plus
 * INVITATION_PURGE_AFTER_DAYS): a hash written only under a dropped key matches nothing.
 */

/** How long an old key must stay configured after a rotation for survey hashes to keep matching. */
export const SURVEY_KEY_OVERLAP_DAYS = INVITATION_VALID_DAYS + INVITATION_PURGE_AFTER_DAYS;

interface HashKeys {
  user: Buffer[];
  subject: Buffer[];
}

let keys: HashKeys | undefined;

const derive = (key: Buffer, purpose: string) => createHmac('sha256', key).update(purpose).digest();

/**
 * Sets the keys from the data encryption keys, the current one first. Called with the app's config
 * when the feature's routes are mounted; otherwise read once from the environment.
 */
export function configureSurveyHashes(config: Pick<AppConfig, 'encryptionKeys'>): void {
  const ring = [config.encryptionKeys.current, ...config.encryptionKeys.previous].map((k) => k.key);
  keys = { user: ring.map((k) => derive(k, 'surveys.userHash.v1')), subject: ring.map((k) => derive(k, 'surveys.subject.v1')) };
}

function hashKeys(): HashKeys {
  if (!keys) configureSurveyHashes(loadConfig());
  return keys as HashKeys;
}

/** The citizen's hash under every configured key, the current key's first (the one to store). */
export function userHashes(userId: string): string[] {
  return hashKeys().user.map((k) => createHmac('sha256', k).update(userId).digest('hex'));
}

/** The citizen's hash under the current key: the only trace of who answered that a response keeps. */
export function userHash(userId: string): string {
  return userHashes(userId)[0];
}

/** The hash of a case or ticket id under every configured key, the current key's first (base64url, 43 characters). */
export function subjectHashes(kind: 'case' | 'ticket', id: string): string[] {
  return hashKeys().subject.map((k) => createHmac('sha256', k).update(`${kind}:${id}`).digest('base64url'));
}
