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
        // Runs before the pipe's own listener: the armed write never reaches the server.
        client.prependListener('data', () => {
          if (!dropNextWrite) return;
          dropNextWrite = false;
          drop();
        });
        upstream.on('error', drop).on('close', drop);
        client.pipe(upstream).pipe(client);
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
    restore: listen,
    /**
     * The next bytes any client sends end its connection instead of reaching the server: a
     * connection that was alive when taken from a pool dies under its next statement.
     */
    dropNextWrite() {
      dropNextWrite = true;
    },
  };
}
