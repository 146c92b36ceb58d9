// A TCP relay the chaos harness puts between Hutong's processes and a server (PostgreSQL, or
// Redis for one API process), so it can unplug the network without touching the server: `cut()`
// drops every connection through it and refuses new ones (the port closes, as a host gone from
// the network answers a reconnect with a refusal or nothing at all), `restore()` listens on the
// same port again. The server behind keeps running, with its data, as in a real partition.
import { connect, createServer } from 'node:net';

/**
 * Starts a relay on 127.0.0.1 (on `port`, or a free one) to `target` ({ host, port }).
 * `stats.connections` counts connections relayed, `stats.dropped` those cut.
 */
export async function tcpRelay({ target, port = 0 }) {
  const open = new Set();
  const stats = { connections: 0, dropped: 0, cuts: 0, stalls: 0 };
  let server = null;
  let listenPort = port;
  let isCut = false;
  let isStalled = false;

  const onClient = (client) => {
    // A connection that raced the cut: refused as the closed port would have.
    if (isCut) {
      client.destroy();
      return;
    }
    stats.connections++;
    const upstream = connect(target.port, target.host);
    const pair = { client, upstream };
    open.add(pair);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      open.delete(pair);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    // Forwarded by hand (not piped) so that a stall can swallow bytes both ways.
    client.on('data', (chunk) => {
      if (!isStalled) upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (!isStalled) client.write(chunk);
    });
  };

  const listen = () =>
    new Promise((resolve, reject) => {
      server = createServer(onClient);
      server.once('error', reject);
      server.listen(listenPort, '127.0.0.1', () => {
        server.off('error', reject);
        listenPort = server.address().port;
        resolve();
      });
    });

  await listen();
  return {
    get port() {
      return listenPort;
    },
    get isCut() {
      return isCut;
    },
    /** Connections open through the relay now. */
    get open() {
      return open.size;
    },
    stats,
    /** Unplugs: drops every connection and refuses new ones until `restore()`. */
    async cut() {
      if (isCut) return;
      isCut = true;
      stats.cuts++;
      const closed = new Promise((resolve) => server.close(() => resolve()));
      for (const pair of [...open]) {
        stats.dropped++;
        // A reset, not a polite FIN: the peer learns at once, as from a dead route.
        if (typeof pair.client.resetAndDestroy === 'function') pair.client.resetAndDestroy();
        else pair.client.destroy();
        pair.upstream.destroy();
        open.delete(pair);
      }
      await closed;
    },
    /**
     * A silent outage: the port stays open and connections stay up, but every byte either way is
     * swallowed — nothing answered, refused or reset (a firewall or a dead switch dropping
     * packets). Ended by `restore()`.
     */
    stall() {
      if (isStalled) return;
      isStalled = true;
      stats.stalls++;
    },
    /**
     * Plugs back in, on the same port. After a stall the connections that lived through it are
     * dropped: bytes were lost, so neither end can trust them (as after a long partition).
     */
    async restore() {
      if (isStalled) {
        isStalled = false;
        for (const pair of [...open]) {
          stats.dropped++;
          pair.client.destroy();
          pair.upstream.destroy();
          open.delete(pair);
        }
      }
      if (!isCut) return;
      isCut = false;
      await listen();
    },
    /** Stops for good (cleanup). */
    async close() {
      await this.cut();
    },
  };
}

/** `host`/`port` of a URL such as `postgres://u@127.0.0.1:5432/db` or `redis://127.0.0.1:6379`. */
export function targetOf(url) {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port) };
}

/** The same URL with its host and port replaced by the relay's. */
export function throughRelay(url, port) {
  const u = new URL(url);
  u.hostname = '127.0.0.1';
  u.port = String(port);
  return u.toString();
}
