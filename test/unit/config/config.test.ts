import { ConfigError, loadConfig, LOCAL_ACCESS_TOKEN } from '../../../src/config';

const KEY = Buffer.alloc(32, 7).toString('base64');

describe('loadConfig', () => {
  it('when nothing is set, then it runs in local mode with the embedded database and demo data', () => {
    const config = loadConfig({});
    expect(config.localMode).toBe(true);
    expect(config.mongodbUri).toBeUndefined();
    expect(config.demoData).toBe(true);
    expect(config.port).toBe(3000);
    expect(config.line.channelAccessToken).toBe(LOCAL_ACCESS_TOKEN);
  });

  it('when LINE credentials are set, then local mode is off and demo data defaults to false', () => {
    const config = loadConfig({ LINE_CHANNEL_SECRET: 's', LINE_CHANNEL_ACCESS_TOKEN: 't', DATA_ENCRYPTION_KEY: KEY });
    expect(config.localMode).toBe(false);
    expect(config.demoData).toBe(false);
    expect(config.encryptionKeys.current.key).toHaveLength(32);
  });

  it('when several values are wrong, then one error lists every problem without echoing the values', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        MONGODB_URI: 'postgres://secret-host/db',
        LINE_CHANNEL_SECRET: 'only-the-secret',
        ADMIN_TOKEN: 'short',
        DATA_ENCRYPTION_KEY: 'not-base64-key',
        LINE_API_BASE_URL: 'ftp://x',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'MONGODB_URI', 'ADMIN_TOKEN', 'DATA_ENCRYPTION_KEY', 'LINE_API_BASE_URL']) expect(problems).toContain(name);
    expect((error as ConfigError).message).not.toContain('secret-host');
    expect((error as ConfigError).message).not.toContain('not-base64-key');
  });

  it('when only one LINE credential is set, then the mismatch is reported', () => {
    expect(() => loadConfig({ LINE_CHANNEL_ACCESS_TOKEN: 't' })).toThrow(/set both/);
  });

  it('when a real channel is configured without an encryption key, then it refuses to start', () => {
    expect(() => loadConfig({ LINE_CHANNEL_SECRET: 's', LINE_CHANNEL_ACCESS_TOKEN: 't' })).toThrow(/DATA_ENCRYPTION_KEY/);
  });

  it('when a versioned key and old keys are given, then both are available for rotation', () => {
    const config = loadConfig({ DATA_ENCRYPTION_KEY: `v2:${KEY}`, DATA_ENCRYPTION_OLD_KEYS: `v1:${Buffer.alloc(32, 1).toString('base64')}` });
    expect(config.encryptionKeys.current.version).toBe('v2');
    expect(config.encryptionKeys.previous.map((k) => k.version)).toEqual(['v1']);
  });
});
