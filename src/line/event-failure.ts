import mongoose from 'mongoose';
import { UnknownKeyVersionError } from '../shared/crypto';
import { AppError } from '../shared/errors';
import { scrubMessage } from '../shared/logger';
import { LineApiError } from './line-client';

/** What is kept and logged about a failed handler: a kind, a code, a message without personal data. */
export interface FailureRecord {
  /** An AppError's kind, `line_api`, `database`, `key_unavailable` (a data key this instance lacks) or `error`. */
  kind: string;
  /** LINE's HTTP status or the database's error code, when there is one. */
  code?: number;
  message: string;
}

function isDatabaseError(err: Error): boolean {
  return err.name.startsWith('Mongo') || err instanceof mongoose.Error;
}

/** Describes a handler's failure for the event record and the logs. */
export function describeFailure(err: unknown): FailureRecord {
  if (err instanceof AppError) {
    const cause = err.cause instanceof Error ? ` (${err.cause.message})` : '';
    return { kind: err.kind, message: scrubMessage(`${err.kind}: ${err.messageKey}${cause}`) };
  }
  if (err instanceof UnknownKeyVersionError) return { kind: 'key_unavailable', message: scrubMessage(err.message) };
  if (err instanceof LineApiError) return { kind: 'line_api', code: err.status, message: scrubMessage(err.message) };
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    const kind = isDatabaseError(err) ? 'database' : 'error';
    return { kind, ...(typeof code === 'number' ? { code } : {}), message: scrubMessage(`${err.name}: ${err.message}`) };
  }
  return { kind: 'error', message: 'a non-Error value was thrown' };
}

/**
 * A bug (our code, or a message that breaks LINE's limits, found before sending) fails the same
 * way on every attempt: retrying it only repeats its side effects.
 */
export function isBug(err: unknown): boolean {
  return err instanceof AppError && err.kind === 'bug';
}
