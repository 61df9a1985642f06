import net from 'node:net';
import type { Document } from 'bson';
import { runCommand } from './commands';
import { Cursors } from './cursors';
import type { EmbeddedLogger } from './logger';
import { mingoOptions, type Options } from './query';
import type { Store } from './storage';
import { decodeMessage, encodeReply } from './wire';

const MAX_MESSAGE_BYTES = 48_000_000;

/**
 * The TCP side: splits the byte stream into messages, runs each command to completion
 * synchronously, lets `afterCommand` make its writes durable, then replies. Because nothing awaits
 * between reading a command and writing its reply, commands are atomic with respect to each other.
 */
export class WireServer {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private readonly cursors = new Cursors();
  private readonly mingoByDb = new Map<string, Options>();
  private nextConnectionId = 1;
  private nextReplyId = 1;

  constructor(
    private readonly store: Store,
    private readonly logger: EmbeddedLogger,
    private readonly afterCommand: () => void,
  ) {
    this.server = net.createServer((socket) => this.accept(socket));
  }

  /** Listens on 127.0.0.1; port 0 picks a free port. Resolves to the port. */
  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve((this.server.address() as net.AddressInfo).port);
      });
    });
  }

  /** Stops listening and ends every open connection. */
  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    const connectionId = this.nextConnectionId++;
    this.sockets.add(socket);
    socket.setNoDelay(true);
    let pending: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length >= 4) {
        const size = pending.readInt32LE(0);
        if (size < 16 || size > MAX_MESSAGE_BYTES) {
          this.logger.warn({ size }, 'embedded MongoDB: bad message length, closing the connection');
          socket.destroy();
          return;
        }
        if (pending.length < size) break;
        const msg = pending.subarray(0, size);
        pending = pending.subarray(size);
        this.handle(socket, msg, connectionId);
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.sockets.delete(socket));
  }

  private handle(socket: net.Socket, msg: Buffer, connectionId: number): void {
    let request;
    try {
      request = decodeMessage(msg);
    } catch (err) {
      this.logger.warn({ err }, 'embedded MongoDB: undecodable message, closing the connection');
      socket.destroy();
      return;
    }
    const db = typeof request.command.$db === 'string' ? request.command.$db : (request.db ?? 'admin');
    let reply: Document = runCommand(request.command, { store: this.store, cursors: this.cursors, db, mingo: this.mingo(db), connectionId });
    try {
      this.afterCommand();
    } catch (err) {
      this.logger.error({ err }, 'embedded MongoDB: could not write the journal');
      reply = { ok: 0, errmsg: `embedded MongoDB could not write its journal: ${String(err)}`, code: 1, codeName: 'InternalError' };
    }
    if (request.noReply) return;
    let bytes: Buffer;
    try {
      bytes = encodeReply(request, this.nextReplyId++, reply);
    } catch (err) {
      // e.g. a reply over the 16 MB BSON limit: answer with the error rather than crash the server.
      bytes = encodeReply(request, this.nextReplyId++, { ok: 0, errmsg: `could not encode the reply: ${String(err)}`, code: 10334, codeName: 'BSONObjectTooLarge' });
    }
    socket.write(bytes);
  }

  private mingo(db: string): Options {
    let opts = this.mingoByDb.get(db);
    if (!opts) this.mingoByDb.set(db, (opts = mingoOptions(this.store, db)));
    return opts;
  }
}
