import path from 'node:path';
import { ConfigError, loadConfig, LOCAL_ACCESS_TOKEN } from '../../../src/config';

const KEY = Buffer.alloc(32, 7).toString('base64');
const OLD_KEY = Buffer.alloc(32, 1).toString('base64');
const REAL_CHANNEL = { LINE_CHANNEL_SECRET: 's', LINE_CHANNEL_ACCESS_TOKEN: 't', DATA_ENCRYPTION_KEY: KEY, PUBLIC_BASE_URL: 'https://oa.example.go.th' };

/** The problems loadConfig reports for this environment (fails the test if it accepts it). */
function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('the configuration was accepted');
}

describe('loadConfig: local mode', () => {
  it('when nothing is set, then it runs in local mode on loopback with the embedded database and demo data', () => {
    const config = loadConfig({});
    expect(config.localMode).toBe(true);
    expect(config.host).toBe('127.0.0.1');
    expect(config.mongodbUri).toBeUndefined();
    expect(config.demoData).toBe(true);
    expect(config.port).toBe(3000);
    expect(config.line.channelAccessToken).toBe(LOCAL_ACCESS_TOKEN);
  });

  it('when LINE credentials are set, then local mode is off, every interface is served and demo data defaults to false', () => {
    const config = loadConfig(REAL_CHANNEL);
    expect(config.localMode).toBe(false);
    expect(config.host).toBeUndefined();
    expect(config.demoData).toBe(false);
    expect(config.encryptionKeys.current.key).toHaveLength(32);
  });

  it('when NODE_ENV is production and no LINE credentials are set, then it refuses to start instead of running local mode', () => {
    const problems = problemsOf({ NODE_ENV: 'production', DATA_ENCRYPTION_KEY: KEY, PUBLIC_BASE_URL: 'https://oa.example.go.th' });
    expect(problems).toEqual([expect.stringMatching(/^LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN: required with NODE_ENV=production or a MONGODB_URI/)]);
  });

  it('when a MONGODB_URI is set and no LINE credentials, then it refuses to start instead of loading demo data into that database', () => {
    const problems = problemsOf({ MONGODB_URI: 'mongodb://db.example.org/oa' });
    expect(problems.join('\n')).toMatch(/LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN: required/);
    expect(problems.join('\n')).toContain('LOCAL_MODE=true');
  });

  it('when LOCAL_MODE=true is set with production and a MONGODB_URI, then local mode runs on purpose, still on loopback', () => {
    const config = loadConfig({ LOCAL_MODE: 'true', NODE_ENV: 'production', MONGODB_URI: 'mongodb://db.example.org/oa' });
    expect(config.localMode).toBe(true);
    expect(config.host).toBe('127.0.0.1');
    expect(config.mongodbUri).toBe('mongodb://db.example.org/oa');
  });

  it('when LOCAL_MODE=false and no LINE credentials, then the missing credentials are reported', () => {
    expect(problemsOf({ LOCAL_MODE: 'false' })).toContain('LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN: required (LOCAL_MODE is false)');
  });

  it('when LOCAL_MODE=true comes with LINE credentials, then the contradiction is reported', () => {
    expect(problemsOf({ ...REAL_CHANNEL, LOCAL_MODE: 'true' }).join('\n')).toMatch(/^LOCAL_MODE: true uses the built-in fake LINE API/);
  });

  it('when HOST is set, then it is the interface served, in local mode too', () => {
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({ ...REAL_CHANNEL, HOST: '10.0.0.5' }).host).toBe('10.0.0.5');
    expect(problemsOf({ HOST: 'not a host!' })).toEqual(['HOST: must be a host name or an IP address']);
  });
});

describe('loadConfig: every problem at once', () => {
  it('when several values are wrong, then one error lists every problem, cross-field ones included, without echoing the values', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        MONGODB_URI: 'postgres://secret-host/db',
        LINE_CHANNEL_SECRET: 'only-the-secret',
        ADMIN_TOKEN: 'short',
        DATA_ENCRYPTION_KEY: 'not-base64-key',
        LINE_API_BASE_URL: 'ftp://x',
        DATA_ENCRYPTION_OLD_KEYS: 'unversioned-old-key',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'MONGODB_URI', 'ADMIN_TOKEN', 'DATA_ENCRYPTION_KEY', 'LINE_API_BASE_URL', 'DATA_ENCRYPTION_OLD_KEYS: entry 1', 'PUBLIC_BASE_URL']) {
      expect(problems).toContain(name);
    }
    expect(problems).toContain('set both (a real channel) or neither');
    // An invalid key is reported as invalid, not also as missing.
    expect(problems).not.toContain('DATA_ENCRYPTION_KEY: required');
    for (const secret of ['secret-host', 'not-base64-key', 'only-the-secret', 'unversioned-old-key']) expect((error as ConfigError).message).not.toContain(secret);
  });

  it('when a port is wrong and only the channel secret is set, then both the port and the credential mismatch are reported', () => {
    const problems = problemsOf({ PORT: 'eighty', LINE_CHANNEL_SECRET: 'x' });
    expect(problems[0]).toMatch(/^PORT: /);
    expect(problems).toContain('LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN: set both (a real channel) or neither (local mode)');
    expect(problems.join('\n')).toContain('DATA_ENCRYPTION_KEY: required with a real LINE channel');
  });

  it('when only the access token is set, then the mismatch is reported', () => {
    expect(problemsOf({ LINE_CHANNEL_ACCESS_TOKEN: 't' })).toContain('LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN: set both (a real channel) or neither (local mode)');
  });

  it('when a real channel is configured without an encryption key, then it refuses to start', () => {
    const { DATA_ENCRYPTION_KEY: _omitted, ...withoutKey } = REAL_CHANNEL;
    expect(problemsOf(withoutKey)).toEqual(['DATA_ENCRYPTION_KEY: required with a real LINE channel (confidential reports are encrypted with it)']);
  });

  it('when LOG_LEVEL is not a level, then it is reported with the rest', () => {
    expect(problemsOf({ LOG_LEVEL: 'loud', PORT: '-1' }).map((p) => p.split(':')[0])).toEqual(['PORT', 'LOG_LEVEL']);
  });
});

describe('loadConfig: public address with a real channel', () => {
  it('when PUBLIC_BASE_URL is missing, then it refuses to start', () => {
    const { PUBLIC_BASE_URL: _omitted, ...withoutUrl } = REAL_CHANNEL;
    expect(problemsOf(withoutUrl)).toEqual([expect.stringMatching(/^PUBLIC_BASE_URL: required with a real LINE channel/)]);
  });

  it('when PUBLIC_BASE_URL is http, then it refuses to start, since LINE refuses http image links', () => {
    expect(problemsOf({ ...REAL_CHANNEL, NODE_ENV: 'production', PUBLIC_BASE_URL: 'http://oa.example.go.th' })).toEqual([
      'PUBLIC_BASE_URL: must be https with a real LINE channel (LINE refuses http image links)',
    ]);
  });

  it('when NODE_ENV is test (a fake LINE API), then no public address is needed', () => {
    const { PUBLIC_BASE_URL: _omitted, ...withoutUrl } = REAL_CHANNEL;
    expect(loadConfig({ ...withoutUrl, NODE_ENV: 'test' }).publicBaseUrl).toBeUndefined();
  });

  it('when in local mode, then an http PUBLIC_BASE_URL is accepted', () => {
    expect(loadConfig({ PUBLIC_BASE_URL: 'http://localhost:3000' }).publicBaseUrl).toBe('http://localhost:3000');
  });
});

describe('loadConfig: blank values', () => {
  it('when PORT, DATA_DIR and LOG_LEVEL are blank, then their defaults apply (not a random port, not the current directory)', () => {
    const config = loadConfig({ PORT: '', DATA_DIR: '  ', LOG_LEVEL: '', HOST: '', LOCAL_MODE: '' });
    expect(config.port).toBe(3000);
    expect(config.dataDir).toBe(path.resolve('./data'));
    expect(config.logLevel).toBe('info');
    expect(config.host).toBe('127.0.0.1');
  });

  it('when the LINE credentials are blank, then they count as unset', () => {
    expect(loadConfig({ LINE_CHANNEL_SECRET: '', LINE_CHANNEL_ACCESS_TOKEN: ' ' }).localMode).toBe(true);
  });
});

describe('loadConfig: encryption keys', () => {
  it('when a versioned key and versioned old keys are given, then all are available for rotation', () => {
    const config = loadConfig({ DATA_ENCRYPTION_KEY: `v3:${KEY}`, DATA_ENCRYPTION_OLD_KEYS: `v1:${OLD_KEY}, v2:${Buffer.alloc(32, 2).toString('base64')}` });
    expect(config.encryptionKeys.current.version).toBe('v3');
    expect(config.encryptionKeys.previous.map((k) => k.version)).toEqual(['v1', 'v2']);
    expect(config.encryptionKeys.previous[0].key).toEqual(Buffer.alloc(32, 1));
  });

  it('when an old key has no version prefix, then it is refused (a guessed version would leave its values unreadable)', () => {
    expect(problemsOf({ DATA_ENCRYPTION_KEY: `v2:${KEY}`, DATA_ENCRYPTION_OLD_KEYS: OLD_KEY })).toEqual([
      'DATA_ENCRYPTION_OLD_KEYS: entry 1 must be a key version and 32 bytes in base64, such as v1:<key>',
    ]);
  });

  it('when the current key has no prefix (v1) and an old key is also v1, then the clash is refused', () => {
    expect(problemsOf({ DATA_ENCRYPTION_KEY: KEY, DATA_ENCRYPTION_OLD_KEYS: `v1:${OLD_KEY}` })).toEqual([
      'DATA_ENCRYPTION_OLD_KEYS: entry 1 has version v1, already used by DATA_ENCRYPTION_KEY (a key without a prefix is v1)',
    ]);
  });

  it('when two old keys share a version, then the clash is refused', () => {
    expect(problemsOf({ DATA_ENCRYPTION_KEY: `v3:${KEY}`, DATA_ENCRYPTION_OLD_KEYS: `v1:${OLD_KEY},v1:${KEY}` })).toEqual([
      'DATA_ENCRYPTION_OLD_KEYS: entry 2 has version v1, already used by entry 1',
    ]);
  });

  it('when an old key is not 32 bytes, then it is refused', () => {
    expect(problemsOf({ DATA_ENCRYPTION_KEY: `v2:${KEY}`, DATA_ENCRYPTION_OLD_KEYS: 'v1:c2hvcnQ=' })).toHaveLength(1);
  });
});
