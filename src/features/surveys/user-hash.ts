import { createHmac } from 'node:crypto';
import { loadConfig, type AppConfig } from '../../config';

let hashKey: Buffer | undefined;

/**
 * Sets the key survey responses hash LINE user ids with: derived from the current data
 * encryption key, so it is secret but needs no setting of its own. Called with the app's config
 * when the feature's routes are mounted; otherwise read once from the environment.
 */
export function configureUserHash(config: Pick<AppConfig, 'encryptionKeys'>): void {
  hashKey = createHmac('sha256', config.encryptionKeys.current.key).update('surveys.userHash.v1').digest();
}

/**
 * HMAC-SHA256 of a LINE user id: the only trace of the citizen a response keeps. The same user
 * always gives the same hash (for the once-a-day rule); the id cannot be read back from it.
 */
export function userHash(userId: string): string {
  if (!hashKey) configureUserHash(loadConfig());
  return createHmac('sha256', hashKey as Buffer).update(userId).digest('hex');
}
