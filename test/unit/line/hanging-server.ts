import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the hanging server received, and whether the caller gave up on it (closed the connection). */
export interface HeldRequest {
  method: string;
  path: string;
  /** Resolves when the client closes the connection before any answer: the call was really aborted. */
  aborted: Promise<void>;
}

export interface HangingServer {
  url: string;
  requests: HeldRequest[];
  close(): Promise<void>;
}

/**
 * A stand-in for LINE that never answers (or, for `stallBodyOn` paths, starts a body and never
 * finishes it): the way to see a client's deadline abort a call for real.
 */
export async function startHangingServer(options: { stallBodyOn?: RegExp } = {}): Promise<HangingServer> {
  const requests: HeldRequest[] = [];
  const server = http.createServer((req, res) => {
    const aborted = new Promise<void>((resolve) => res.on('close', () => resolve()));
    requests.push({ method: req.method ?? '', path: req.url ?? '', aborted });
    req.resume();
    if (options.stallBodyOn?.test(req.url ?? '')) {
      res.writeHead(200, { 'content-type': 'image/jpeg' });
      res.write(Buffer.alloc(1024, 1));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
