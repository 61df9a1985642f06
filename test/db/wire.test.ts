import net from 'node:net';
import { BSON, type Document } from 'bson';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/db/embedded';
import { onRealMongo } from '../support/db';

// Raw wire protocol against the embedded server (the driver covers the same paths on real MongoDB).
const describeEmbedded = onRealMongo ? describe.skip : describe;

function header(length: number, requestId: number, opCode: number): Buffer {
  const h = Buffer.alloc(16);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(requestId, 4);
  h.writeInt32LE(opCode, 12);
  return h;
}

function opQuery(requestId: number, ns: string, query: Document): Buffer {
  const body = Buffer.concat([Buffer.alloc(4), Buffer.from(ns + '\0'), Buffer.alloc(4), Buffer.from([1, 0, 0, 0]), BSON.serialize(query)]);
  return Buffer.concat([header(16 + body.length, requestId, 2004), body]);
}

function opMsg(requestId: number, command: Document, sequence?: [string, Document[]], flags = 0): Buffer {
  const parts: Buffer[] = [Buffer.alloc(4), Buffer.from([0]), Buffer.from(BSON.serialize(command))];
  parts[0].writeUInt32LE(flags, 0);
  if (sequence) {
    const docs = Buffer.concat(sequence[1].map((d) => BSON.serialize(d)));
    const name = Buffer.from(sequence[0] + '\0');
    const size = Buffer.alloc(4);
    size.writeInt32LE(4 + name.length + docs.length, 0);
    parts.push(Buffer.from([1]), size, name, docs);
  }
  const body = Buffer.concat(parts);
  return Buffer.concat([header(16 + body.length, requestId, 2013), body]);
}

interface Reply {
  responseTo: number;
  opCode: number;
  doc: Document;
}

function client(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  let buf = Buffer.alloc(0);
  const waiting: Array<(r: Reply) => void> = [];
  socket.on('data', (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    while (buf.length >= 4 && buf.length >= buf.readInt32LE(0)) {
      const msg = buf.subarray(0, buf.readInt32LE(0));
      buf = buf.subarray(msg.length);
      const opCode = msg.readInt32LE(12);
      const docStart = opCode === 1 ? 36 : 21;
      waiting.shift()?.({ responseTo: msg.readInt32LE(8), opCode, doc: BSON.deserialize(msg.subarray(docStart)) });
    }
  });
  return {
    send: (msg: Buffer) => socket.write(msg),
    next: () => new Promise<Reply>((resolve) => waiting.push(resolve)),
    close: () => socket.destroy(),
  };
}

describeEmbedded('wire protocol', () => {
  let server: EmbeddedMongo;
  beforeAll(async () => {
    server = await startEmbeddedMongo();
  });
  afterAll(() => server.stop());

  test('when a legacy OP_QUERY isMaster arrives, then it is answered with an OP_REPLY', async () => {
    const c = client(server.port);
    const reply = c.next();
    c.send(opQuery(7, 'admin.$cmd', { isMaster: 1, helloOk: true }));
    expect(await reply).toMatchObject({ responseTo: 7, opCode: 1, doc: { ismaster: true, helloOk: true, ok: 1 } });
    c.close();
  });

  test('when an insert carries its documents in a kind-1 section, then they are all stored', async () => {
    const c = client(server.port);
    let reply = c.next();
    c.send(opMsg(1, { insert: 'seq', $db: 'w' }, ['documents', [{ _id: 1 }, { _id: 2 }, { _id: 3 }]]));
    expect((await reply).doc).toMatchObject({ n: 3, ok: 1 });
    reply = c.next();
    c.send(opMsg(2, { count: 'seq', $db: 'w' }));
    expect(await reply).toMatchObject({ responseTo: 2, opCode: 2013, doc: { n: 3 } });
    c.close();
  });

  test('when a message has the moreToCome flag, then it is executed without a reply', async () => {
    const c = client(server.port);
    c.send(opMsg(10, { insert: 'quiet', documents: [{ _id: 'q' }], $db: 'w' }, undefined, 2));
    const reply = c.next();
    c.send(opMsg(11, { count: 'quiet', $db: 'w' }));
    expect(await reply).toMatchObject({ responseTo: 11, doc: { n: 1 } });
    c.close();
  });
});
