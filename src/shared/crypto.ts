import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, randomInt, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { loadConfig, type EncryptionKey } from '../config';
import { clock } from './clock';

/**
 * Confidential data at rest: AES-256-GCM with versioned keys, keyed hashes (HMAC-SHA256 under a
 * key derived from the data key) and scrypt for PINs. Keys come from DATA_ENCRYPTION_KEY
 * (config.encryptionKeys.current) and DATA_ENCRYPTION_OLD_KEYS (previous, still readable).
 */

/** A value encrypted at rest. `v` names the key that encrypted it, so keys can be rotated. */
export interface EncryptedValue {
  /** Key version (e.g. "v1"). */
  v: string;
  /** 12-byte nonce, base64. */
  iv: string;
  /** 16-byte GCM authentication tag, base64. */
  tag: string;
  /** Ciphertext, base64. */
  data: string;
}

interface KeyRing {
  current: EncryptionKey;
  previous: EncryptionKey[];
}

let ring: KeyRing | undefined;

/** Sets the keys (the app passes config.encryptionKeys at start; tests may pass their own). */
export function setEncryptionKeys(keys: KeyRing): void {
  for (const key of [keys.current, ...keys.previous]) {
    if (key.key.length !== 32) throw new Error(`encryption key ${key.version} must be 32 bytes`);
  }
  ring = { current: keys.current, previous: [...keys.previous] };
}

/** The key ring; read from the environment on first use when nobody set it. */
function keyRing(): KeyRing {
  ring ??= loadConfig(process.env).encryptionKeys;
  return ring;
}

/** The version of the key new values are encrypted with. */
export function currentKeyVersion(): string {
  return keyRing().current.version;
}

/**
 * A value sealed with a key this instance does not have. During a rolling key rotation, instances
 * that already have the new key run beside instances that do not yet: this is temporary, and the
 * work waits for an instance (or a restart) that has the key instead of failing. Only a failed
 * authentication (a tampered value, or one copied to another record) is permanent.
 */
export class UnknownKeyVersionError extends Error {
  constructor(readonly version: string) {
    super(`no encryption key with version ${version} on this instance (add it to DATA_ENCRYPTION_OLD_KEYS on every instance)`);
    this.name = 'UnknownKeyVersionError';
  }
}

/** True when the error, or an error it was caused by, is an UnknownKeyVersionError. */
export function isUnknownKeyVersion(err: unknown): err is Error {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth += 1) {
    if (e instanceof UnknownKeyVersionError) return true;
  }
  return false;
}

/**
 * How long work sealed with a key this instance lacks waits for one that has it before it fails:
 * far longer than a rolling restart, short enough that a key that was really removed too early
 * is noticed and a user's later messages are not held back for days.
 */
export const MISSING_KEY_PATIENCE_MS = 6 * 3_600_000;

/** How soon work waiting for a missing key is tried again, by any instance. */
export const KEY_WAIT_MS = 10_000;

/**
 * True when `err` says this instance lacks the key, and the work (begun `since`) has not waited
 * MISSING_KEY_PATIENCE_MS yet: it goes back to waiting instead of failing.
 */
export function mayWaitForKey(err: unknown, since: Date): boolean {
  return isUnknownKeyVersion(err) && clock.nowMs() - since.getTime() < MISSING_KEY_PATIENCE_MS;
}

function keyFor(version: string): Buffer {
  const { current, previous } = keyRing();
  const found = [current, ...previous].find((k) => k.version === version);
  if (!found) throw new UnknownKeyVersionError(version);
  return found.key;
}

const IV_BYTES = 12;
const IV_POOL_BYTES = 4096;
let ivPool = Buffer.alloc(0);
let ivOffset = 0;

/**
 * A fresh random IV, cut from a pool of random bytes drawn 4 KiB at a time: one call to the
 * random source per 12 bytes cost more than the cipher itself, and every webhook event is sealed.
 * Each IV is used once, as with a call per IV.
 */
function freshIv(): Buffer {
  if (ivOffset + IV_BYTES > ivPool.length) {
    ivPool = randomBytes(IV_POOL_BYTES);
    ivOffset = 0;
  }
  const iv = ivPool.subarray(ivOffset, ivOffset + IV_BYTES);
  ivOffset += IV_BYTES;
  return iv;
}

/**
 * Encrypts text with the current key. `context` (e.g. the record's id) is bound to the
 * ciphertext as associated data: a value copied onto another record will not decrypt there.
 */
export function encrypt(plaintext: string, context = ''): EncryptedValue {
  const { current } = keyRing();
  const iv = freshIv();
  const cipher = createCipheriv('aes-256-gcm', current.key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { v: current.version, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
}

/**
 * Decrypts with the key of the value's version (current or previous). Throws UnknownKeyVersionError
 * when this instance lacks that key (temporary), and an authentication error when tampered with.
 */
export function decrypt(value: EncryptedValue, context = ''): string {
  const decipher = createDecipheriv('aes-256-gcm', keyFor(value.v), Buffer.from(value.iv, 'base64'));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(Buffer.from(value.tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(value.data, 'base64')), decipher.final()]).toString('utf8');
}

/** Encrypts a plain-JSON value. */
export function encryptJson(value: unknown, context = ''): EncryptedValue {
  return encrypt(JSON.stringify(value), context);
}

/** Decrypts a value written by encryptJson. */
export function decryptJson<T>(value: EncryptedValue, context = ''): T {
  return JSON.parse(decrypt(value, context)) as T;
}

/** True when the value was encrypted with an older key and should be re-encrypted. */
export function needsReencryption(value: EncryptedValue): boolean {
  return value.v !== currentKeyVersion();
}

/** Re-encrypts a value under the current key (key rotation). */
export function reencrypt(value: EncryptedValue, context = ''): EncryptedValue {
  return encrypt(decrypt(value, context), context);
}

/** A sub-key for one purpose, derived from the current data key (HKDF-SHA256). */
function purposeKey(purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', keyRing().current.key, Buffer.alloc(0), `municipal-line-oa:${purpose}`, 32));
}

/**
 * A keyed hash (HMAC-SHA256, base64url) of a value for one purpose. Without the data key it
 * cannot be computed, so it cannot be matched against a list of LINE ids. Changes when the
 * current key is rotated.
 */
export function keyedHash(purpose: string, value: string): string {
  return createHmac('sha256', purposeKey(purpose)).update(value, 'utf8').digest('base64url');
}

/** Constant-time comparison of a keyed hash (a signature) with the expected value. */
export function verifyKeyedHash(purpose: string, value: string, candidate: string): boolean {
  const expected = Buffer.from(keyedHash(purpose, value), 'utf8');
  const given = Buffer.from(candidate, 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 } as const;

function scryptAsync(secret: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** Hashes a PIN (or any short secret) with scrypt and a random salt: "scrypt$N$r$p$salt$hash". */
export async function hashPin(pin: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(pin, salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p });
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

/** Checks a PIN against a stored scrypt hash in constant time. Malformed hashes never match. */
export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0)) return false;
  const expected = Buffer.from(parts[5], 'base64');
  if (expected.length === 0) return false;
  const actual = await scryptAsync(pin, Buffer.from(parts[4], 'base64'), expected.length, { N, r, p, maxmem: 64 * 1024 * 1024 });
  return timingSafeEqual(actual, expected);
}

/** Letters and digits nobody confuses when reading aloud or typing (no I, O, 0, 1). */
export const UNAMBIGUOUS_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random string from a cryptographic source (uniform: randomInt has no modulo bias). */
export function randomToken(length: number, alphabet: string = UNAMBIGUOUS_ALPHABET): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** A random numeric code of `digits` digits, leading zeros kept ("004219"). */
export function randomDigits(digits: number): string {
  return randomToken(digits, '0123456789');
}
