import type { Document } from 'bson';
import type { Cursors } from '../cursors';
import { badValue } from '../errors';
import type { Options } from '../query';
import type { Store } from '../storage';

/** What a command handler gets besides its command document. */
export interface CommandContext {
  store: Store;
  cursors: Cursors;
  /** The database the command runs in (`$db`). */
  db: string;
  /** mingo options for this database ($lookup resolves collections of `db`). */
  mingo: Options;
  connectionId: number;
}

/** A command: takes the command document, returns the reply (ok: 1 added when missing). */
export type CommandHandler = (cmd: Document, ctx: CommandContext) => Document;

/** The collection name a command names in its first field, checked to be a string. */
export function collectionName(cmd: Document): string {
  const name = cmd[Object.keys(cmd)[0]];
  if (typeof name !== 'string' || name.length === 0) throw badValue(`collection name must be a non-empty string`);
  return name;
}

/** A numeric option (Int32, Double or Long on the wire) as a JS number. */
export function num(v: unknown, fallback = 0): number {
  if (v === undefined || v === null) return fallback;
  if (typeof v === 'number') return v;
  if (typeof v === 'object' && v !== null && 'toNumber' in v && typeof v.toNumber === 'function') return Number(v.toNumber());
  throw badValue(`expected a number, got ${String(v)}`);
}

/** An optional sub-document option. */
export function doc(v: unknown, name: string): Document | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw badValue(`${name} must be an object`);
  return v as Document;
}
