import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the test server saw it. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/**
 * What a route answers: JSON, an HTML text, or a file's `bytes` with their `type`; `destroy`
 * drops the connection to simulate a network failure.
 */
export type Reply =
  | { status: number; json?: unknown; text?: string }
  | { status: number; bytes: Uint8Array; type: string }
  | { destroy: true };

/** A real HTTP server on 127.0.0.1 for tests that exercise the console's fetch path end to end. */
export interface LocalServer {
  baseUrl: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Starts a server whose answers come from `handle`; close it in afterEach. */
export async function startLocalServer(
  handle: (request: RecordedRequest) => Reply | Promise<Reply>,
): Promise<LocalServer> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        // A file sent as it is (a CSV upload) is kept as text; everything else is JSON.
        body:
          raw === ''
            ? undefined
            : (req.headers['content-type'] ?? '').startsWith('text/')
              ? raw
              : (JSON.parse(raw) as unknown),
      };
      requests.push(recorded);
      void Promise.resolve(handle(recorded)).then((reply) => {
        if ('destroy' in reply) {
          req.socket.destroy();
          return;
        }
        if ('bytes' in reply) {
          res.writeHead(reply.status, { 'Content-Type': reply.type });
          res.end(reply.bytes);
          return;
        }
        if (reply.text !== undefined) {
          res.writeHead(reply.status, { 'Content-Type': 'text/html' });
          res.end(reply.text);
          return;
        }
        res.writeHead(reply.status, { 'Content-Type': 'application/json' });
        res.end(reply.json === undefined ? '' : JSON.stringify(reply.json));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The API's error envelope, as the backend writes it. */
export function errorReply(
  code: string,
  status: number,
  message: string,
  data?: Record<string, unknown>,
): Reply {
  return { status, json: { error: { code, status, message, ...(data ? { data } : {}) } } };
}
