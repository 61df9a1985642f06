import pino from 'pino';

/**
 * The one logger. JSON lines; never message text, names, phone numbers or LINE user ids:
 * log ids of our own records (case id, webhookEventId) instead. The redact list is a safety
 * net for fields that should never reach a log even by mistake.
 */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { service: 'municipal-line-oa' },
  redact: {
    paths: [
      '*.userId', '*.lineUserId', '*.text', '*.phone', '*.name', '*.replyToken', '*.channelAccessToken',
      '*.channelSecret', 'headers.authorization', 'headers["x-line-signature"]', '*.*.userId', '*.*.text',
    ],
    censor: '[redacted]',
  },
  timestamp: pino.stdTimeFunctions.isoTime,
});

export type Logger = typeof logger;

/** Sets the level once the configuration is read (the logger exists before it). */
export function setLogLevel(level: string): void {
  logger.level = level;
}
