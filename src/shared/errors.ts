/**
 * The kinds of failure the application distinguishes. The event processor answers
 * `user_input`, `not_found` and `forbidden` with a translated message; the rest are logged
 * and the user gets a short apology.
 */
export type ErrorKind = 'user_input' | 'not_found' | 'forbidden' | 'conflict' | 'upstream' | 'bug';

/** One error type with a kind, an i18n key for the user and parameters for that message. */
export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    /** i18n key of the message the user sees, e.g. `complaints.errors.notFound`. */
    readonly messageKey: string,
    readonly params: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(messageKey, options);
    this.name = 'AppError';
  }
}

export const userInput = (key: string, params?: Record<string, unknown>) => new AppError('user_input', key, params);
export const notFound = (key: string, params?: Record<string, unknown>) => new AppError('not_found', key, params);
export const forbidden = (key: string, params?: Record<string, unknown>) => new AppError('forbidden', key, params);
export const conflict = (key: string, params?: Record<string, unknown>) => new AppError('conflict', key, params);

/** True for errors whose message is meant for the user who caused them. */
export function isUserFacing(err: unknown): err is AppError {
  return err instanceof AppError && ['user_input', 'not_found', 'forbidden', 'conflict'].includes(err.kind);
}

/** The MongoDB duplicate-key error, as the driver reports it. */
export function isDuplicateKeyError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}
