/** The logging the embedded server needs; a pino logger fits. */
export interface EmbeddedLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** The default: says nothing. */
export const silentLogger: EmbeddedLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
