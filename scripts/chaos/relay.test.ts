import { afterEach, describe, expect, it } from 'vitest';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { targetOf, tcpRelay, throughRelay, type TcpRelay } from './relay.mjs';

/** A real TCP server that answers every line with "echo:<line>". */
async function echoServer(): Promise<Server> {
  const server = createServer((socket) => {
    socket.on('data', (chunk) => socket.write(`echo:${chunk.toString()}`));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** Connects; resolves with the socket, or rejects with the connection error's code. */
function dial(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => resolve(socket));
    socket.once('error', (err: NodeJS.ErrnoException) => reject(new Error(err.code)));
  });
}

function roundTrip(socket: Socket, text: string): Promise<string> {
  return new Promise((resolve) => {
    socket.once('data', (chunk) => resolve(chunk.toString()));
    socket.write(text);
  });
}

const closed = (socket: Socket) =>
  new Promise<void>((resolve) => {
    if (socket.destroyed) return resolve();
    socket.once('close', () => resolve());
  });

describe('the chaos TCP relay', () => {
  const servers: Server[] = [];
  const relays: TcpRelay[] = [];
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    for (const r of relays.splice(0)) await r.close();
    for (const s of servers.splice(0)) await new Promise((resolve) => s.close(resolve));
  });

  async function setup() {
    const server = await echoServer();
    servers.push(server);
    const relay = await tcpRelay({
      target: { host: '127.0.0.1', port: (server.address() as { port: number }).port },
    });
    relays.push(relay);
    return relay;
  }

  it('relays bytes both ways', async () => {
    const relay = await setup();
    const socket = await dial(relay.port);
    sockets.push(socket);
    expect(await roundTrip(socket, 'ping')).toBe('echo:ping');
    expect(relay.stats.connections).toBe(1);
    expect(relay.open).toBe(1);
  });

  it('a cut drops the open connections and refuses new ones; a restore listens on the same port', async () => {
    const relay = await setup();
    const port = relay.port;
    const socket = await dial(port);
    sockets.push(socket);
    expect(await roundTrip(socket, 'a')).toBe('echo:a');

    await relay.cut();
    await closed(socket);
    expect(relay.isCut).toBe(true);
    expect(relay.stats).toMatchObject({ dropped: 1, cuts: 1 });
    expect(relay.open).toBe(0);
    await expect(dial(port)).rejects.toThrow('ECONNREFUSED');

    await relay.restore();
    expect(relay.port).toBe(port);
    expect(relay.isCut).toBe(false);
    const again = await dial(port);
    sockets.push(again);
    expect(await roundTrip(again, 'b')).toBe('echo:b');
    expect(relay.stats.connections).toBe(2);
  });

  it('cut and restore are idempotent (a second cut counts once)', async () => {
    const relay = await setup();
    await relay.cut();
    await relay.cut();
    expect(relay.stats.cuts).toBe(1);
    await relay.restore();
    await relay.restore();
    const socket = await dial(relay.port);
    sockets.push(socket);
    expect(await roundTrip(socket, 'c')).toBe('echo:c');
  });

  it('a connection whose server is gone is closed, not left hanging', async () => {
    const server = await echoServer();
    const port = (server.address() as { port: number }).port;
    await new Promise((resolve) => server.close(resolve));
    const relay = await tcpRelay({ target: { host: '127.0.0.1', port } });
    relays.push(relay);
    const socket = await dial(relay.port);
    sockets.push(socket);
    await closed(socket);
    expect(relay.open).toBe(0);
  });

  it('a stall swallows bytes both ways without closing anything; a restore drops what lived through it', async () => {
    const relay = await setup();
    const socket = await dial(relay.port);
    sockets.push(socket);
    expect(await roundTrip(socket, 'before')).toBe('echo:before');

    relay.stall();
    const heard: string[] = [];
    socket.on('data', (chunk) => heard.push(chunk.toString()));
    socket.write('during');
    // A new connection is accepted (the port is open) but hears nothing either.
    const late = await dial(relay.port);
    sockets.push(late);
    late.on('data', (chunk) => heard.push(chunk.toString()));
    late.write('late');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(heard).toEqual([]);
    expect(socket.destroyed).toBe(false);
    expect(relay.open).toBe(2);
    expect(relay.stats.stalls).toBe(1);

    await relay.restore();
    await closed(socket);
    await closed(late);
    expect(relay.open).toBe(0);
    const after = await dial(relay.port);
    sockets.push(after);
    expect(await roundTrip(after, 'after')).toBe('echo:after');
  });

  it('rewrites a URL to go through the relay', () => {
    expect(targetOf('postgres://postgres@127.0.0.1:5432/hutong')).toEqual({
      host: '127.0.0.1',
      port: 5432,
    });
    expect(throughRelay('postgres://postgres@localhost:5432/hutong?sslmode=disable', 40001)).toBe(
      'postgres://postgres@127.0.0.1:40001/hutong?sslmode=disable',
    );
    expect(throughRelay('redis://127.0.0.1:6379', 40002)).toBe('redis://127.0.0.1:40002');
  });
});
