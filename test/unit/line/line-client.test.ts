import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { LineApiError, LineClient } from '../../../src/line/line-client';
import { startHangingServer, type HangingServer } from './hanging-server';

const TOKEN = 'test-access-token';
const text = (body: string) => ({ type: 'text' as const, text: body });
const failureOf = (p: Promise<unknown>) => p.then(() => undefined, (err: unknown) => err as LineApiError);

/**
 * Long enough for a loopback request to reach the server on a busy machine, so that the test sees
 * the deadline abort a request in flight (nothing here measures how long anything took).
 */
const DEADLINE_MS = 3000;

describe('LINE client deadlines', () => {
  let line: HangingServer;
  let client: LineClient;
  beforeAll(async () => {
    // The first fetch of a process loads its HTTP stack; do that before any deadline runs.
    const warmUp = http.createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => warmUp.listen(0, '127.0.0.1', resolve));
    await (await fetch(`http://127.0.0.1:${(warmUp.address() as AddressInfo).port}`)).text();
    await new Promise((resolve) => warmUp.close(resolve));
  });
  beforeEach(async () => {
    line = await startHangingServer({ stallBodyOn: /\/content$/ });
    client = new LineClient({ channelAccessToken: TOKEN, apiBaseUrl: line.url, dataApiBaseUrl: line.url, timeouts: { callMs: DEADLINE_MS, contentMs: DEADLINE_MS } });
  });
  afterEach(() => line.close());

  it('when LINE does not answer a reply in time, then the request is aborted and the error says it timed out', async () => {
    const err = await failureOf(client.reply('token-1', [text('สวัสดี')]));
    expect(err).toBeInstanceOf(LineApiError);
    expect(err).toMatchObject({ status: 0, timedOut: true });
    expect(line.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v2/bot/message/reply']);
    // LINE sees the connection closed: the call is over, not left running in the background.
    await line.requests[0].aborted;
  });

  it('when a push times out, then it is aborted too and stays retryable with its retry key', async () => {
    const err = await failureOf(client.push('U1', [text('แจ้งสถานะ')], '1b1e0b52-6a4e-4c58-9a39-4b5bbd0c7a12'));
    expect(err).toMatchObject({ timedOut: true, retryable: true });
    await line.requests[0].aborted;
  });

  it('when a photo download stalls midway, then it is aborted and fails as timed out', async () => {
    const err = await failureOf(client.getMessageContent('m-1'));
    expect(err).toMatchObject({ status: 0, timedOut: true });
    expect(line.requests[0].path).toBe('/v2/bot/message/m-1/content');
    await line.requests[0].aborted;
  });
});

describe('LINE client errors', () => {
  let server: http.Server;
  let client: LineClient;
  let answer: (req: http.IncomingMessage, res: http.ServerResponse) => void;
  beforeAll(async () => {
    server = http.createServer((req, res) => answer(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    client = new LineClient({ channelAccessToken: TOKEN, apiBaseUrl: url, dataApiBaseUrl: url });
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('when LINE refuses a used reply token, then the error says so and is not a timeout', async () => {
    answer = (_req, res) => res.writeHead(400, { 'content-type': 'application/json', 'x-line-request-id': 'req-1' }).end('{"message":"Invalid reply token"}');
    const err = await failureOf(client.reply('used', [text('x')]));
    expect(err).toMatchObject({ status: 400, invalidReplyToken: true, timedOut: false, requestId: 'req-1' });
  });

  it('when LINE refuses a message for another reason, then it is not taken for a bad token', async () => {
    answer = (_req, res) => res.writeHead(400, { 'content-type': 'application/json' }).end('{"message":"The request body has 1 error(s)"}');
    expect(await failureOf(client.reply('fresh', [text('x')]))).toMatchObject({ status: 400, invalidReplyToken: false });
  });

  it('when a photo is larger than allowed, then the download stops with 413', async () => {
    answer = (_req, res) => res.writeHead(200, { 'content-type': 'image/jpeg' }).end(Buffer.alloc(4096, 1));
    expect(await failureOf(client.getMessageContent('m-2', 1024))).toMatchObject({ status: 413 });
    await expect(client.getMessageContent('m-3', 8192)).resolves.toHaveLength(4096);
  });

  it('when a rich menu image is uploaded and a menu deleted, then LINE gets the token, the bytes and their type', async () => {
    const seen: { method?: string; url?: string; type?: string; auth?: string; size: number }[] = [];
    answer = (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, type: req.headers['content-type'], auth: req.headers.authorization, size: Buffer.concat(chunks).length });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    };
    await client.setRichMenuImage('richmenu-1', Buffer.alloc(2048, 7), 'image/png');
    await client.deleteRichMenu('richmenu-1');
    expect(seen).toEqual([
      { method: 'POST', url: '/v2/bot/richmenu/richmenu-1/content', type: 'image/png', auth: `Bearer ${TOKEN}`, size: 2048 },
      { method: 'DELETE', url: '/v2/bot/richmenu/richmenu-1', type: undefined, auth: `Bearer ${TOKEN}`, size: 0 },
    ]);
  });

  it('when LINE cannot be reached, then the error has no status and is not a timeout', async () => {
    const unreachable = new LineClient({ channelAccessToken: TOKEN, apiBaseUrl: 'http://127.0.0.1:1' });
    expect(await failureOf(unreachable.reply('t', [text('x')]))).toMatchObject({ status: 0, timedOut: false });
  });
});
