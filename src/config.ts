import path from 'node:path';
import { z } from 'zod';

const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const httpUrl = z.url({ protocol: /^https?$/ });

/** The environment as the process receives it. Every variable is documented in .env.example. */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  MONGODB_URI: optionalText.pipe(z.string().regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://').optional()),
  DATA_DIR: z.string().default('./data'),
  LINE_CHANNEL_SECRET: optionalText,
  LINE_CHANNEL_ACCESS_TOKEN: optionalText,
  LINE_API_BASE_URL: optionalText.pipe(httpUrl.optional()),
  LINE_DATA_API_BASE_URL: optionalText.pipe(httpUrl.optional()),
  PUBLIC_BASE_URL: optionalText.pipe(httpUrl.optional()),
  ADMIN_TOKEN: optionalText.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  DATA_ENCRYPTION_KEY: optionalText.pipe(
    z
      .string()
      .regex(/^(v\d+:)?[A-Za-z0-9+/]{43}=$/, 'must be 32 bytes in base64, optionally prefixed with a key version such as v2:')
      .optional(),
  ),
  DATA_ENCRYPTION_OLD_KEYS: optionalText,
  DEMO_DATA: optionalText.pipe(booleanString.optional()),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Env = z.infer<typeof envSchema>;

/** The typed configuration the application uses; read once by loadConfig(). */
export interface AppConfig {
  env: Env['NODE_ENV'];
  port: number;
  dataDir: string;
  mongodbUri?: string;
  /** Local mode: no LINE credentials, so LINE calls go to the built-in fake LINE API. */
  localMode: boolean;
  line: {
    channelSecret: string;
    channelAccessToken: string;
    apiBaseUrl?: string;
    dataApiBaseUrl?: string;
  };
  publicBaseUrl?: string;
  adminToken?: string;
  encryptionKeys: { current: EncryptionKey; previous: EncryptionKey[] };
  demoData: boolean;
  logLevel: Env['LOG_LEVEL'];
}

export interface EncryptionKey {
  version: string;
  key: Buffer;
}

/** Credentials used only in local mode, so the webhook can still be signed and checked. */
export const LOCAL_CHANNEL_SECRET = 'local-simulator-channel-secret';
export const LOCAL_ACCESS_TOKEN = 'local-simulator-access-token';
/** A fixed, public key for local mode only: confidential data written locally is demo data. */
const LOCAL_ENCRYPTION_KEY = 'bG9jYWwtbW9kZS1kZW1vLWtleS1ub3Qtc2VjcmV0ISE=';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function parseKey(spec: string, fallbackVersion: string): EncryptionKey {
  const match = /^(v\d+):(.*)$/.exec(spec);
  const version = match ? match[1] : fallbackVersion;
  const key = Buffer.from(match ? match[2] : spec, 'base64');
  return { version, key };
}

/**
 * Reads the environment through the zod schema. Every problem is reported at once in one
 * ConfigError, so an operator fixes the whole .env in one go. Values are never echoed back,
 * because some of them are secrets.
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(source);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join('.')}: ${issue.message}`);
  }
  const env = parsed.success ? parsed.data : undefined;
  const hasSecret = Boolean(env?.LINE_CHANNEL_SECRET);
  const hasToken = Boolean(env?.LINE_CHANNEL_ACCESS_TOKEN);
  if (env && hasSecret !== hasToken) {
    problems.push('LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN: set both (a real channel) or neither (local mode)');
  }
  const localMode = !hasSecret && !hasToken;
  if (env && !localMode && !env.DATA_ENCRYPTION_KEY) {
    // The local-mode key is public: real reporters' identities must never be encrypted with it.
    problems.push('DATA_ENCRYPTION_KEY: required with a real LINE channel (confidential reports are encrypted with it)');
  }
  const previous: EncryptionKey[] = [];
  for (const [i, spec] of (env?.DATA_ENCRYPTION_OLD_KEYS ?? '').split(',').filter(Boolean).entries()) {
    const key = parseKey(spec.trim(), `old${i}`);
    if (key.key.length !== 32) problems.push(`DATA_ENCRYPTION_OLD_KEYS: entry ${i + 1} must be 32 bytes in base64`);
    else previous.push(key);
  }
  if (problems.length > 0 || !env) throw new ConfigError(problems);

  return {
    env: env.NODE_ENV,
    port: env.PORT,
    dataDir: path.resolve(env.DATA_DIR),
    mongodbUri: env.MONGODB_URI,
    localMode,
    line: {
      channelSecret: env.LINE_CHANNEL_SECRET ?? LOCAL_CHANNEL_SECRET,
      channelAccessToken: env.LINE_CHANNEL_ACCESS_TOKEN ?? LOCAL_ACCESS_TOKEN,
      apiBaseUrl: env.LINE_API_BASE_URL,
      dataApiBaseUrl: env.LINE_DATA_API_BASE_URL,
    },
    publicBaseUrl: env.PUBLIC_BASE_URL,
    adminToken: env.ADMIN_TOKEN,
    encryptionKeys: { current: parseKey(env.DATA_ENCRYPTION_KEY ?? LOCAL_ENCRYPTION_KEY, 'v1'), previous },
    demoData: env.DEMO_DATA ?? localMode,
    logLevel: env.LOG_LEVEL,
  };
}
