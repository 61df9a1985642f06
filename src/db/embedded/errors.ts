import type { Document } from 'bson';

/** MongoDB error codes this server answers with; names match the server's `codeName`. */
export const ErrorCodes = {
  BadValue: 2,
  FailedToParse: 9,
  TypeMismatch: 14,
  PathNotViable: 28,
  ConflictingUpdateOperators: 40,
  IllegalOperation: 20,
  NamespaceNotFound: 26,
  IndexNotFound: 27,
  CursorNotFound: 43,
  NamespaceExists: 48,
  CommandNotFound: 59,
  ImmutableField: 66,
  InvalidOptions: 72,
  IndexOptionsConflict: 85,
  IndexKeySpecsConflict: 86,
  InvalidPipelineOperator: 168,
  Location40324: 40324,
  DuplicateKey: 11000,
} as const;

const codeNames: Record<number, string> = Object.fromEntries(
  Object.entries(ErrorCodes).map(([name, code]) => [code, name]),
);

/**
 * An error the server answers as `{ ok: 0, errmsg, code, codeName, ...extra }`. Anything thrown
 * while running a command that is not a CommandError is answered as code 2 BadValue with its
 * message, so an unsupported feature is never a silent wrong result.
 */
export class CommandError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly extra: Document = {},
  ) {
    super(message);
  }

  /** The error as a reply document. */
  toReply(): Document {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: codeNames[this.code] ?? 'Location' + this.code, ...this.extra };
  }
}

/** Converts anything thrown by a command (including mingo's errors) into a CommandError. */
export function toCommandError(err: unknown): CommandError {
  if (err instanceof CommandError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new CommandError(ErrorCodes.BadValue, message);
}

/** Shorthand for the most common failure: a value the server cannot accept. */
export function badValue(message: string): CommandError {
  return new CommandError(ErrorCodes.BadValue, message);
}
