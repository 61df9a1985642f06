import type { Document } from 'bson';
import { CommandError, ErrorCodes, toCommandError } from '../errors';
import { adminCommands } from './admin';
import { aggregateCommands } from './aggregate';
import type { CommandContext, CommandHandler } from './context';
import { crudCommands } from './crud';
import { handshakeCommands } from './handshake';
import { updateCommands } from './update';

export type { CommandContext } from './context';

const handlers: Record<string, CommandHandler> = {
  ...handshakeCommands,
  ...crudCommands,
  ...updateCommands,
  ...aggregateCommands,
  ...adminCommands,
};

/**
 * Runs one command synchronously (so its read-modify-write cannot interleave with another
 * command) and returns the reply; failures become `{ ok: 0, errmsg, code }` replies.
 */
export function runCommand(cmd: Document, ctx: CommandContext): Document {
  const name = Object.keys(cmd)[0];
  try {
    const handler = name === undefined ? undefined : Object.hasOwn(handlers, name) ? handlers[name] : undefined;
    if (!handler) throw new CommandError(ErrorCodes.CommandNotFound, `no such command: '${name}'`);
    if (cmd.txnNumber !== undefined || cmd.startTransaction !== undefined) {
      throw new CommandError(ErrorCodes.IllegalOperation, 'Transaction numbers are only allowed on a replica set member or mongos');
    }
    return handler(cmd, ctx);
  } catch (err) {
    return toCommandError(err).toReply();
  }
}
