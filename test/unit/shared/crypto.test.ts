import { randomBytes } from 'node:crypto';
import {
  decrypt,
  decryptJson,
  encrypt,
  encryptJson,
  hashPin,
  isUnknownKeyVersion,
  keyedHash,
  needsReencryption,
  randomDigits,
  randomToken,
  reencrypt,
  setEncryptionKeys,
  UNAMBIGUOUS_ALPHABET,
  UnknownKeyVersionError,
  verifyKeyedHash,
  verifyPin,
} from '../../../src/shared/crypto';

const k1 = { version: 'v1', key: randomBytes(32) };
const k2 = { version: 'v2', key: randomBytes(32) };

beforeEach(() => setEncryptionKeys({ current: k1, previous: [] }));

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('AES-256-GCM with key versions', () => {
  test('when text is encrypted, then the stored form is not the text and it decrypts with its context', () => {
    const value = encrypt('สมชาย 0812345678', 'R-ABCDEFGHJK');
    expect(value.v).toBe('v1');
    expect(JSON.stringify(value)).not.toContain('0812345678');
    expect(Buffer.from(value.iv, 'base64')).toHaveLength(12);
    expect(decrypt(value, 'R-ABCDEFGHJK')).toBe('สมชาย 0812345678');
  });

  test('when the same text is encrypted twice, then the ciphertexts differ (random nonce)', () => {
    expect(encrypt('U123').data).not.toBe(encrypt('U123').data);
  });

  test('when the context differs or the ciphertext is altered, then decryption fails', () => {
    const value = encrypt('secret', 'report-1');
    expect(() => decrypt(value, 'report-2')).toThrow();
    const data = Buffer.from(value.data, 'base64');
    data[0] ^= 1;
    expect(() => decrypt({ ...value, data: data.toString('base64') }, 'report-1')).toThrow();
  });

  test('when the key is rotated, then old values still decrypt with the previous key and can be re-encrypted under the new one', () => {
    const old = encryptJson({ name: 'สมชาย' }, 'ctx');
    setEncryptionKeys({ current: k2, previous: [k1] });
    expect(needsReencryption(old)).toBe(true);
    expect(decryptJson(old, 'ctx')).toEqual({ name: 'สมชาย' });
    const fresh = reencrypt(old, 'ctx');
    expect(fresh.v).toBe('v2');
    expect(needsReencryption(fresh)).toBe(false);
    setEncryptionKeys({ current: k2, previous: [] });
    expect(decryptJson(fresh, 'ctx')).toEqual({ name: 'สมชาย' });
    expect(() => decrypt(old, 'ctx')).toThrow(/no encryption key with version v1/);
  });

  test('when a value was sealed with a key this instance lacks, then the error says so apart from tampering (it is temporary during a rotation)', () => {
    setEncryptionKeys({ current: k2, previous: [] });
    const newer = encrypt('secret', 'ctx');
    setEncryptionKeys({ current: k1, previous: [] });
    const missing = catchError(() => decrypt(newer, 'ctx'));
    expect(missing).toBeInstanceOf(UnknownKeyVersionError);
    expect(isUnknownKeyVersion(missing)).toBe(true);
    expect(isUnknownKeyVersion(new Error('wrapped', { cause: missing }))).toBe(true);

    const tampered = catchError(() => decrypt(encrypt('secret', 'ctx'), 'other ctx'));
    expect(String(tampered)).toMatch(/unable to authenticate/);
    expect(isUnknownKeyVersion(tampered)).toBe(false);
  });

  test('when a key is not 32 bytes, then it is refused', () => {
    expect(() => setEncryptionKeys({ current: { version: 'v1', key: randomBytes(16) }, previous: [] })).toThrow(/32 bytes/);
  });
});

describe('keyed hashes', () => {
  test('when a value is hashed, then the hash depends on the purpose and the key, and verifies in constant time', () => {
    const h = keyedHash('daily', 'U123|2026-11-21');
    expect(h).not.toContain('U123');
    expect(h).toBe(keyedHash('daily', 'U123|2026-11-21'));
    expect(h).not.toBe(keyedHash('other', 'U123|2026-11-21'));
    expect(verifyKeyedHash('daily', 'U123|2026-11-21', h)).toBe(true);
    expect(verifyKeyedHash('daily', 'U123|2026-11-22', h)).toBe(false);
    expect(verifyKeyedHash('daily', 'U123|2026-11-21', 'short')).toBe(false);
    setEncryptionKeys({ current: k2, previous: [] });
    expect(keyedHash('daily', 'U123|2026-11-21')).not.toBe(h);
  });
});

describe('PIN hashing with scrypt', () => {
  test('when a PIN is hashed, then only the right PIN verifies and the hash is salted', async () => {
    const hash = await hashPin('042719');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$[^$]+\$[^$]+$/);
    expect(hash).not.toContain('042719');
    expect(await verifyPin('042719', hash)).toBe(true);
    expect(await verifyPin('042718', hash)).toBe(false);
    expect(await hashPin('042719')).not.toBe(hash);
  });

  test('when the stored hash is malformed, then nothing verifies', async () => {
    expect(await verifyPin('1', 'plain')).toBe(false);
    expect(await verifyPin('1', 'scrypt$x$8$1$c2FsdA==$aGFzaA==')).toBe(false);
  });
});

describe('random tokens', () => {
  test('when a token is made, then it has the length and only unambiguous characters', () => {
    const tokens = Array.from({ length: 200 }, () => randomToken(10));
    for (const t of tokens) expect(t).toMatch(/^[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{10}$/);
    expect(new Set(tokens).size).toBe(200);
    expect(UNAMBIGUOUS_ALPHABET).not.toMatch(/[IO01]/);
    expect(randomDigits(6)).toMatch(/^\d{6}$/);
  });
});
