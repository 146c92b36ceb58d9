import { createServer, connect, type Server, type Socket } from 'node:net';

/** `target` (a redis:// or postgres:// URL) with its host and port replaced by the relay's. */
function throughRelay(target: string, port: number): string {
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return url.toString();
}

/**
 * A TCP relay in front of a test's server (Redis, PostgreSQL) that can be cut (the port refuses connections, as a
 * stopped redis-server's does) and restored on the same port: Redis or a PostgreSQL server
 * unplugged, without stopping it. Found by `npm run chaos`: with Redis gone, public intake hung
 * until Redis came back instead of answering.
 */
export async function cuttableRelay(target: string) {
  const { hostname, port: targetPort } = new URL(target);
  const open = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  let dropNextWrite = false;
  let stalled = false;
  const listen = () =>
    new Promise<void>((resolve) => {
      if (server?.listening) return resolve();
      server = createServer((client) => {
        const upstream = connect(Number(targetPort), hostname);
        open.add(client).add(upstream);
        const drop = () => {
          client.destroy();
          upstream.destroy();
          open.delete(client);
          open.delete(upstream);
        };
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
        // Forwarded by hand (not piped) so that a stall can swallow bytes in both directions.
        client.on('data', (chunk: Buffer) => {
          if (dropNextWrite) {
            // The armed write never reaches the server.
            dropNextWrite = false;
            drop();
            return;
          }
          if (!stalled) upstream.write(chunk);
        });
        upstream.on('data', (chunk: Buffer) => {
          if (!stalled) client.write(chunk);
        });
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as { port: number }).port;
        resolve();
      });
    });
  await listen();
  return {
    url: throughRelay(target, port),
    port,
    async cut() {
      await new Promise((resolve) => {
        server!.close(resolve);
        for (const s of open) s.destroy();
        open.clear();
      });
    },
    /**
     * Plugs it back in. After a stall, the connections that lived through it are reset (their
     * lost bytes leave them unusable, as a partition outlasting TCP's patience does).
     */
    async restore() {
      if (stalled) {
        stalled = false;
        for (const s of open) s.destroy();
        open.clear();
      }
      await listen();
    },
    /**
     * A silent outage: everything sent either way is swallowed, connections stay open and new
     * ones are accepted, but nothing is answered, refused or reset (packets dropped by a
     * firewall or a dead switch, not a stopped server).
     */
    stall() {
      stalled = true;
    },
    /**
     * The next bytes any client sends end its connection instead of reaching the server: a
     * connection that was alive when taken from a pool dies under its next statement.
     */
    dropNextWrite() {
      dropNextWrite = true;
    },
  };
}
