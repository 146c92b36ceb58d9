import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB_KIND } from '../../test/db.js';
import { connectSocket, connected, type TestSocket } from '../../test/socket.js';
import { startTestServer, type TestServer } from '../../test/server.js';

/**
 * Two deployments (or two test servers) on one Redis, each with its own HUTONG_REDIS_PREFIX, are
 * strangers: neither counts the other's consoles. Socket.IO's streams adapter asks the other
 * nodes for their sockets by Redis pub/sub, outside the prefixed stream; on its default channel
 * every Hutong on the Redis answered (seen as a duty board listing a user twice, the second from
 * another test's server).
 */
describe(`two deployments on one Redis with different prefixes (${TEST_DB_KIND})`, () => {
  let one: TestServer;
  let other: TestServer;
  const sockets: TestSocket[] = [];

  beforeAll(async () => {
    one = await startTestServer();
    other = await startTestServer();
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await other?.stop();
    await one?.stop();
  });

  const open = async (server: TestServer, username: string) => {
    const socket = connectSocket(server.url, await server.login(username));
    sockets.push(socket);
    await connected(socket);
  };

  it("counts only its own deployment's consoles on the duty board and in a room", async () => {
    await open(one, 'supervisor');
    await open(other, 'operator');
    await open(other, 'supervisor');

    const mine = await one.hutong.ctx.presence.onDuty();
    expect(mine?.map((p) => p.role)).toEqual(['supervisor']);
    const theirs = await other.hutong.ctx.presence.onDuty();
    expect(theirs?.map((p) => p.role).sort()).toEqual(['operator', 'supervisor']);
    // Every socket of a room, across the deployment's nodes: only its own.
    expect(await one.hutong.io!.fetchSockets()).toHaveLength(1);
    expect(await other.hutong.io!.fetchSockets()).toHaveLength(2);
  });
});
