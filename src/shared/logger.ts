import pino from 'pino';

/** The levels LOG_LEVEL may name (config.ts validates it against this list). */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const isLogLevel = (value: string | undefined): value is LogLevel => LOG_LEVELS.includes(value as LogLevel);

/**
 * Fields that hold personal data or secrets. They are never meant to be logged (log ids of our
 * own records instead); redaction is the safety net for a mistake, at the top level and in the
 * first two levels of nesting.
 */
const SENSITIVE_FIELDS = new Set([
  'userId', 'lineUserId', 'citizenId', 'to', 'displayName', 'name', 'phone', 'email', 'address', 'idNumber', 'identity',
  'text', 'description', 'details', 'note', 'pictureUrl', 'statusMessage', 'replyToken', 'channelAccessToken', 'channelSecret',
  'authorization', 'x-line-signature',
]);

const REDACTED = '[redacted]';

/** How deep the safety net looks: the logged object and two levels below it. */
const REDACT_DEPTH = 3;

const isPlainContainer = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && (Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype);

/**
 * The logged object with every sensitive field replaced, or the object itself when it has none.
 * One walk with a set lookup per key: pino's path redaction with wildcards cost several times the
 * rest of a log line, and the webhook logs a line per delivery. The caller's object is never
 * changed; only the branches that hold a sensitive field are copied.
 */
export function redactFields<T>(value: T, depth = REDACT_DEPTH): T {
  if (depth === 0 || !isPlainContainer(value)) return value;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    const field = value[key];
    const next = SENSITIVE_FIELDS.has(key) && field !== undefined ? REDACTED : redactFields(field, depth - 1);
    if (next === field) continue;
    copy ??= Array.isArray(value) ? [...(value as unknown[])] as unknown as Record<string, unknown> : { ...value };
    copy[key] = next;
  }
  return (copy ?? value) as T;
}

const MAX_ERROR_CHARS = 300;

/**
 * Removes what an error message may quote from the data: a duplicate key's value, quoted strings,
 * LINE ids, long numbers (phones, ID cards) and any non-ASCII text (Thai from a message).
 */
export function scrubMessage(message: string): string {
  return message
    .replace(/dup key: \{.*\}/s, 'dup key: { … }')
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '"…"')
    .replace(/\b[UCR][0-9a-f]{32}\b/g, '[id]')
    .replace(/\d{6,}/g, '[n]')
    .replace(/[^\x20-\x7e]+/g, '…')
    .slice(0, MAX_ERROR_CHARS);
}

/**
 * What to log of a caught error: its message, scrubbed. Driver messages quote the values they
 * refused (a duplicate key's LINE id or phone number), so a raw message is never logged.
 */
export function errorText(err: unknown): string {
  return scrubMessage(err instanceof Error ? err.message : String(err));
}

/**
 * A logger with the app's level, base fields and redaction. It exists before the configuration
 * is read, so an invalid LOG_LEVEL falls back to `info` here (pino would throw at import) and
 * is reported by the configuration check. Tests pass their own destination.
 */
export function createLogger(destination?: pino.DestinationStream): pino.Logger {
  const options: pino.LoggerOptions = {
    level: isLogLevel(process.env.LOG_LEVEL) ? process.env.LOG_LEVEL : 'info',
    base: { service: 'municipal-line-oa' },
    formatters: { log: (fields) => redactFields(fields) },
    // The safety net for an error logged without errorText(): as an Error or as its raw message.
    serializers: { err: errorText },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  // Standard output written asynchronously: lines logged while a write is under way go out
  // together, and a slow log reader does not stall requests. pino flushes it when the process exits.
  return pino(options, destination ?? pino.destination({ dest: 1, sync: false }));
}

/** The one logger. JSON lines; never message text, names, phone numbers or LINE user ids. */
export const logger = createLogger();

export type Logger = typeof logger;

/** Sets the level once the configuration is read; a blank or unknown level leaves it as it is. */
export function setLogLevel(level: string | undefined): void {
  if (isLogLevel(level)) logger.level = level;
}
