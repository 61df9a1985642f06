import fs from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { LOG_LEVELS } from './shared/logger';

const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const httpUrl = z.url({ protocol: /^https?$/ });

const KEY_BASE64 = '[A-Za-z0-9+/]{43}=';

/**
 * The environment as the process receives it, one schema per variable. Every variable is
 * documented in .env.example. A blank value counts as unset (PORT= must not mean a random port).
 */
const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().regex(/^[A-Za-z0-9.:-]+$/, 'must be a host name or an IP address').optional(),
  LOCAL_MODE: booleanString.optional(),
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://').optional(),
  DATA_DIR: z.string().default('./data'),
  LINE_CHANNEL_SECRET: z.string().optional(),
  LINE_CHANNEL_ACCESS_TOKEN: z.string().optional(),
  LINE_API_BASE_URL: httpUrl.optional(),
  LINE_DATA_API_BASE_URL: httpUrl.optional(),
  PUBLIC_BASE_URL: httpUrl.optional(),
  ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  DATA_ENCRYPTION_KEY: z
    .string()
    .regex(new RegExp(`^(v\\d+:)?${KEY_BASE64}$`), 'must be 32 bytes in base64, optionally prefixed with a key version such as v2:')
    .optional(),
  DATA_ENCRYPTION_OLD_KEYS: z.string().optional(),
  DEMO_DATA: booleanString.optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
});

export type Env = z.infer<typeof envSchema>;

/** The typed configuration the application uses; read once by loadConfig(). */
export interface AppConfig {
  env: Env['NODE_ENV'];
  port: number;
  /** Interface to listen on; unset means every interface. Local mode defaults to 127.0.0.1. */
  host?: string;
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
/** The version of a DATA_ENCRYPTION_KEY written without a prefix. */
const UNPREFIXED_KEY_VERSION = 'v1';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const isSet = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';

/**
 * Each variable through its own schema, so one bad value does not hide the others' values from
 * the checks that combine several variables.
 */
function readVariables(source: NodeJS.ProcessEnv): { env: Partial<Env>; problems: string[] } {
  const env: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, schema] of Object.entries(envSchema.shape)) {
    const raw = source[name];
    const result = schema.safeParse(isSet(raw) ? raw.trim() : undefined);
    if (result.success) env[name] = result.data;
    else for (const issue of result.error.issues) problems.push(`${name}: ${issue.message}`);
  }
  return { env: env as Partial<Env>, problems };
}

function parseKey(spec: string): EncryptionKey {
  const match = /^(v\d+):(.*)$/.exec(spec);
  return { version: match ? match[1] : UNPREFIXED_KEY_VERSION, key: Buffer.from(match ? match[2] : spec, 'base64') };
}

/** The key new values are written with; undefined when the one given is invalid (already reported). */
function currentKey(source: NodeJS.ProcessEnv, env: Partial<Env>): EncryptionKey | undefined {
  if (!isSet(source.DATA_ENCRYPTION_KEY)) return parseKey(LOCAL_ENCRYPTION_KEY);
  return env.DATA_ENCRYPTION_KEY ? parseKey(env.DATA_ENCRYPTION_KEY) : undefined;
}

/**
 * Old keys must name their version: a value records the version that wrote it, so an old key
 * under a guessed version (or one shared with another key) would leave those values unreadable.
 */
function readOldKeys(list: string | undefined, current: EncryptionKey | undefined, problems: string[]): EncryptionKey[] {
  const keys: EncryptionKey[] = [];
  const owners = new Map<string, string>(current ? [[current.version, 'DATA_ENCRYPTION_KEY']] : []);
  for (const [i, raw] of (list ?? '').split(',').map((s) => s.trim()).filter(Boolean).entries()) {
    const entry = `entry ${i + 1}`;
    if (!new RegExp(`^v\\d+:${KEY_BASE64}$`).test(raw)) {
      problems.push(`DATA_ENCRYPTION_OLD_KEYS: ${entry} must be a key version and 32 bytes in base64, such as v1:<key>`);
      continue;
    }
    const key = parseKey(raw);
    const owner = owners.get(key.version);
    if (owner) problems.push(`DATA_ENCRYPTION_OLD_KEYS: ${entry} has version ${key.version}, already used by ${owner}${owner === 'DATA_ENCRYPTION_KEY' ? ' (a key without a prefix is v1)' : ''}`);
    else owners.set(key.version, entry);
    keys.push(key);
  }
  return keys;
}

/**
 * Local mode is a deliberate state, because it brings a public encryption key, demo data and
 * an unauthenticated simulator: it starts by itself only on a developer's machine (not
 * production, no MONGODB_URI), otherwise only with LOCAL_MODE=true.
 */
function decideLocalMode(source: NodeJS.ProcessEnv, env: Partial<Env>, problems: string[]): boolean {
  const hasSecret = isSet(source.LINE_CHANNEL_SECRET);
  const hasToken = isSet(source.LINE_CHANNEL_ACCESS_TOKEN);
  if (hasSecret !== hasToken) {
    problems.push('LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN: set both (a real channel) or neither (local mode)');
    return false;
  }
  if (env.LOCAL_MODE === true) {
    if (hasSecret) problems.push('LOCAL_MODE: true uses the built-in fake LINE API, so LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN must be unset');
    return true;
  }
  if (hasSecret) return false;
  if (env.LOCAL_MODE === false) {
    problems.push('LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN: required (LOCAL_MODE is false)');
    return false;
  }
  const onDeveloperMachine = (env.NODE_ENV === 'development' || env.NODE_ENV === 'test') && !isSet(source.MONGODB_URI);
  if (!onDeveloperMachine) {
    problems.push(
      'LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN: required with NODE_ENV=production or a MONGODB_URI (set LOCAL_MODE=true to run the local simulator there on purpose)',
    );
  }
  return onDeveloperMachine;
}

/** What a real LINE channel needs besides its credentials. */
function checkRealChannel(source: NodeJS.ProcessEnv, env: Partial<Env>, problems: string[]): void {
  // The local-mode key is public: real reporters' identities must never be encrypted with it.
  if (!isSet(source.DATA_ENCRYPTION_KEY)) problems.push('DATA_ENCRYPTION_KEY: required with a real LINE channel (confidential reports are encrypted with it)');
  // Tests talk to a fake LINE API on loopback, which takes any link.
  if (env.NODE_ENV === 'test') return;
  if (!isSet(source.PUBLIC_BASE_URL)) {
    problems.push('PUBLIC_BASE_URL: required with a real LINE channel (the https address of this server, used in photo links and QR codes)');
  } else if (env.PUBLIC_BASE_URL && !env.PUBLIC_BASE_URL.startsWith('https://')) {
    problems.push('PUBLIC_BASE_URL: must be https with a real LINE channel (LINE refuses http image links)');
  }
}

/**
 * Reads the environment. Every problem is reported at once in one ConfigError, so an operator
 * fixes the whole .env in one go. Values are never echoed back, because some of them are secrets.
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const { env, problems } = readVariables(source);
  const localMode = decideLocalMode(source, env, problems);
  if (!localMode) checkRealChannel(source, env, problems);
  const current = currentKey(source, env);
  const previous = readOldKeys(env.DATA_ENCRYPTION_OLD_KEYS, current, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  const valid = env as Env;

  return {
    env: valid.NODE_ENV,
    port: valid.PORT,
    host: valid.HOST ?? (localMode ? '127.0.0.1' : undefined),
    dataDir: path.resolve(valid.DATA_DIR),
    mongodbUri: valid.MONGODB_URI,
    localMode,
    line: {
      channelSecret: valid.LINE_CHANNEL_SECRET ?? LOCAL_CHANNEL_SECRET,
      channelAccessToken: valid.LINE_CHANNEL_ACCESS_TOKEN ?? LOCAL_ACCESS_TOKEN,
      apiBaseUrl: valid.LINE_API_BASE_URL,
      dataApiBaseUrl: valid.LINE_DATA_API_BASE_URL,
    },
    publicBaseUrl: valid.PUBLIC_BASE_URL,
    adminToken: valid.ADMIN_TOKEN,
    encryptionKeys: { current: current as EncryptionKey, previous },
    demoData: valid.DEMO_DATA ?? localMode,
    logLevel: valid.LOG_LEVEL,
  };
}

/**
 * Reads `.env` from the working directory into the environment when the file exists, as
 * .env.example promises. A variable already set in the real environment wins (even blank).
 */
export function loadDotEnv(file = path.resolve('.env'), target: NodeJS.ProcessEnv = process.env): void {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  for (const [name, value] of Object.entries(parseEnv(text))) {
    if (target[name] === undefined) target[name] = value;
  }
}
