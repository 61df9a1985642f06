import { BSON, type Document } from 'bson';

/** Opcodes this server understands (see the MongoDB wire protocol). */
export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_MSG = 2013;

const FLAG_CHECKSUM_PRESENT = 1;
const FLAG_MORE_TO_COME = 2;

/**
 * Types are kept as sent: Long stays Long (not promoted to a JS number), Decimal128 and Binary stay
 * wrapped. Int32 and Double become JS numbers, as the driver itself does, so mingo can compute on them.
 */
export const DESERIALIZE_OPTIONS: BSON.DeserializeOptions = {
  promoteLongs: false,
  promoteValues: true,
  promoteBuffers: false,
  bsonRegExp: false,
};

/** A decoded request: the command document (kind-1 sections folded in) and how to answer. */
export interface Request {
  requestId: number;
  opCode: number;
  command: Document;
  /** For OP_QUERY: the database from `db.$cmd`. OP_MSG carries `$db` in the command. */
  db?: string;
  /** The client asked for no reply (OP_MSG moreToCome, e.g. unacknowledged writes). */
  noReply: boolean;
}

/** Decodes one complete message (header included). Throws on a malformed or unsupported message. */
export function decodeMessage(msg: Buffer): Request {
  const requestId = msg.readInt32LE(4);
  const opCode = msg.readInt32LE(12);
  if (opCode === OP_MSG) return decodeOpMsg(msg, requestId);
  if (opCode === OP_QUERY) return decodeOpQuery(msg, requestId);
  throw new Error(`unsupported wire protocol opcode ${opCode}`);
}

function decodeOpMsg(msg: Buffer, requestId: number): Request {
  const flags = msg.readUInt32LE(16);
  const end = flags & FLAG_CHECKSUM_PRESENT ? msg.length - 4 : msg.length;
  let offset = 20;
  let command: Document | undefined;
  const sequences: Array<[string, Document[]]> = [];
  while (offset < end) {
    const kind = msg[offset];
    offset += 1;
    if (kind === 0) {
      const size = msg.readInt32LE(offset);
      command = BSON.deserialize(msg.subarray(offset, offset + size), DESERIALIZE_OPTIONS);
      offset += size;
    } else if (kind === 1) {
      const size = msg.readInt32LE(offset);
      const sectionEnd = offset + size;
      const nameEnd = msg.indexOf(0, offset + 4);
      const identifier = msg.toString('utf8', offset + 4, nameEnd);
      let p = nameEnd + 1;
      const docs: Document[] = [];
      while (p < sectionEnd) {
        const docSize = msg.readInt32LE(p);
        docs.push(BSON.deserialize(msg.subarray(p, p + docSize), DESERIALIZE_OPTIONS));
        p += docSize;
      }
      sequences.push([identifier, docs]);
      offset = sectionEnd;
    } else {
      throw new Error(`unsupported OP_MSG section kind ${kind}`);
    }
  }
  if (!command) throw new Error('OP_MSG without a body section');
  for (const [identifier, docs] of sequences) command[identifier] = docs;
  return { requestId, opCode: OP_MSG, command, noReply: (flags & FLAG_MORE_TO_COME) !== 0 };
}

function decodeOpQuery(msg: Buffer, requestId: number): Request {
  let offset = 20;
  const nameEnd = msg.indexOf(0, offset);
  const fullName = msg.toString('utf8', offset, nameEnd);
  offset = nameEnd + 1 + 8; // numberToSkip, numberToReturn
  const size = msg.readInt32LE(offset);
  let command = BSON.deserialize(msg.subarray(offset, offset + size), DESERIALIZE_OPTIONS);
  // Old drivers wrap the command as { $query: {...}, $readPreference }.
  if (command.$query && typeof command.$query === 'object') command = command.$query as Document;
  const db = fullName.endsWith('.$cmd') ? fullName.slice(0, -5) : fullName;
  return { requestId, opCode: OP_QUERY, command, db, noReply: false };
}

function header(length: number, requestId: number, responseTo: number, opCode: number): Buffer {
  const h = Buffer.allocUnsafe(16);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(requestId, 4);
  h.writeInt32LE(responseTo, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

/** Encodes a reply in the form the request came in: OP_MSG for OP_MSG, OP_REPLY for OP_QUERY. */
export function encodeReply(request: Request, replyId: number, reply: Document): Buffer {
  const body = BSON.serialize(reply, { ignoreUndefined: false });
  if (request.opCode === OP_QUERY) {
    const prefix = Buffer.alloc(20);
    prefix.writeInt32LE(8, 0); // AwaitCapable
    prefix.writeBigInt64LE(0n, 4); // cursorID
    prefix.writeInt32LE(0, 12); // startingFrom
    prefix.writeInt32LE(1, 16); // numberReturned
    const length = 16 + prefix.length + body.length;
    return Buffer.concat([header(length, replyId, request.requestId, OP_REPLY), prefix, body], length);
  }
  const flagsAndKind = Buffer.alloc(5); // flags 0, section kind 0
  const length = 16 + flagsAndKind.length + body.length;
  return Buffer.concat([header(length, replyId, request.requestId, OP_MSG), flagsAndKind, body], length);
}
