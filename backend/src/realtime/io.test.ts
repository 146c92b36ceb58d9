import type { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZCaseChanged, ZCasesChanged, type TCasesChanged, type TSyncResumed } from '@hutong/shared';
import { startTestServer, type TestServer } from '../../test/server.js';
import { eventually, request } from '../../test/http.js';
import { buildReport } from '../../test/factories.js';
import { connectSocket, connected } from '../../test/socket.js';
import { sql } from 'drizzle-orm';
import { TEST_DB_KIND } from '../../test/db.js';
import { RESUME_OVERLAP_MS } from '../features/cases/cases.repository.js';
import { sweepClaimDeadlines } from '../features/cases/cases.jobs.js';

describe(`realtime (${TEST_DB_KIND})`, () => {
  let server: TestServer;
  let operator: string;

  beforeAll(async () => {
    server = await startTestServer();
    operator = await server.login('operator');
  });
  afterAll(() => server.stop());

  const submit = async (narrative: string) =>
    (
      await request(server.url, '/api/reports', {
        body: buildReport({ narrative, children: [{ age: 5 }] }),
      })
    ).body as {
      reference: string;
    };

  it('refuses a socket without a session cookie, or with a revoked one', async () => {
    await expect(connected(connectSocket(server.url, undefined))).rejects.toThrow(
      'UNAUTHENTICATED',
    );
    await expect(connected(connectSocket(server.url, 'hutong_session=forged'))).rejects.toThrow(
      'UNAUTHENTICATED',
    );
    const cookie = await server.login('operator2');
    await request(server.url, '/api/auth/logout', { method: 'POST', cookie });
    await expect(connected(connectSocket(server.url, cookie))).rejects.toThrow('UNAUTHENTICATED');
  });

  it('does not put centre staff or reporters in the operators room', async () => {
    const centre = connectSocket(server.url, await server.login('centre'));
    await connected(centre);
    const op = connectSocket(server.url, operator);
    await connected(op);
    const { reference } = await submit('centre must not see this');
    await eventually(() => op.received.find((e) => e.case.reference === reference));
    expect(centre.received).toHaveLength(0);
    centre.disconnect();
    op.disconnect();
  });

  it('pushes case.created to operators with a schema-valid payload', async () => {
    const socket = connectSocket(server.url, operator);
    await connected(socket);
    const { reference } = await submit('live');
    const event = await eventually(() =>
      socket.received.find((e) => e.case.reference === reference),
    );
    expect(ZCaseChanged.parse(event).event.type).toBe('case_opened');
    expect(event.seq).toBeGreaterThan(0);
    socket.disconnect();
  });

  it('replays what a client missed while disconnected, in order, then says it has resumed', async () => {
    const socket = connectSocket(server.url, operator);
    await connected(socket);
    const { reference: before } = await submit('before');
    await eventually(() => socket.received.find((e) => e.case.reference === before));
    const lastSeq = socket.lastSeq;
    socket.disconnect();
    // What the client saw long enough ago is not sent again (see the next test for what is).
    await server.database.db.execute(
      sql`update case_events set created_at = created_at - ${`${RESUME_OVERLAP_MS * 2} milliseconds`}::interval where id < ${lastSeq}`,
    );

    const missed = [await submit('missed 1'), await submit('missed 2'), await submit('missed 3')];
    // Wait until all three are triaged, so there is something to miss.
    await eventually(async () => {
      const list = await request(server.url, '/api/cases', { cookie: operator });
      const refs = new Set((list.body.cases as { reference: string }[]).map((c) => c.reference));
      return missed.every((m) => refs.has(m.reference));
    });

    const resumed = connectSocket(server.url, operator, lastSeq);
    const sync = new Promise<TSyncResumed>((resolve) => resumed.once('sync.resumed', resolve));
    await connected(resumed);
    const done = await sync;
    const refs = resumed.received.map((e) => e.case.reference);
    for (const m of missed) expect(refs).toContain(m.reference);
    expect(refs).not.toContain(before);
    expect(resumed.received.every((e) => e.seq > (lastSeq ?? 0))).toBe(true);
    const seqs = resumed.received.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(done.replayed).toBe(resumed.received.length);
    expect(done.seq).toBe(seqs.at(-1));
    resumed.disconnect();
  });
  it('replays an event that committed after a higher seq the client had already seen', async () => {
    // Seqs are drawn at insert: a transaction holding seq N can commit after N+1 was broadcast.
    const socket = connectSocket(server.url, operator);
    await connected(socket);
    const { reference: late } = await submit('its event commits late');
    const first = await eventually(() => socket.received.find((e) => e.case.reference === late));
    // node-postgres and PGlite both answer { rows }.
    const reserved: unknown = await server.database.db.execute(
      sql`select nextval(pg_get_serial_sequence('case_events', 'id')) as id`,
    );
    const lateSeq = Number((reserved as { rows: { id: string }[] }).rows[0]!.id);
    const { reference: early } = await submit('its event commits first');
    await eventually(() => socket.received.find((e) => e.case.reference === early));
    const lastSeq = socket.lastSeq;
    expect(lastSeq).toBeGreaterThan(lateSeq);
    socket.disconnect();
    await server.database.db.execute(
      sql`insert into case_events (id, case_id, type, data) values (${lateSeq}, ${first.case.id}, 'triaged', '{}'::jsonb)`,
    );

    const resumed = connectSocket(server.url, operator, lastSeq);
    const sync = new Promise<TSyncResumed>((resolve) => resumed.once('sync.resumed', resolve));
    await connected(resumed);
    const done = await sync;
    const replayed = resumed.received.find((e) => e.seq === lateSeq);
    expect(replayed?.case.reference).toBe(late);
    expect(done.seq).toBe(lastSeq);
    expect(done.replayed).toBe(resumed.received.length);
    resumed.disconnect();
  });

  it('sends case events committed together as one cases.changed, in seq order; one alone as itself', async () => {
    const socket = connectSocket(server.url, operator);
    await connected(socket);
    const opened = await Promise.all([1, 2, 3].map((i) => submit(`swept together ${i}`)));
    const references = new Set(opened.map((r) => r.reference));
    await eventually(
      () => socket.received.filter((e) => references.has(e.case.reference)).length === 3,
    );
    const batches: TCasesChanged[] = [];
    const alone: string[] = [];
    socket.on('cases.changed', (p) => batches.push(ZCasesChanged.parse(p)));
    socket.on('case.updated', (p) => alone.push(p.case.reference));
    // One sweep, one transaction: every case still waiting to be claimed is overdue at once.
    const swept = await sweepClaimDeadlines(server.hutong.ctx, new Date(Date.now() + 86_400_000));
    expect(swept).toBeGreaterThanOrEqual(3);
    await eventually(() =>
      batches.some((b) => b.changes.filter((c) => references.has(c.case.reference)).length === 3),
    );
    const [batch] = batches;
    expect(batches).toHaveLength(1);
    expect(batch!.changes).toHaveLength(swept);
    expect(batch!.changes.every((c) => c.name === 'case.updated')).toBe(true);
    expect(batch!.changes.every((c) => c.event.type === 'claim_overdue')).toBe(true);
    const seqs = batch!.changes.map((c) => c.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(batch!.seq).toBe(seqs.at(-1));
    expect(alone).toEqual([]);

    // A change committed alone still comes as its own event.
    const { id, reference } = batch!.changes[0]!.case;
    const claim = await request(server.url, `/api/cases/${id}/claim`, {
      method: 'POST',
      cookie: operator,
    });
    expect(claim.status).toBe(200);
    await eventually(() => alone.length === 1);
    expect(alone).toEqual([reference]);
    expect(batches).toHaveLength(1);
    socket.disconnect();
  });

  it('writes a burst of events to a console in a few system calls, every event in order', async () => {
    const socket = connectSocket(server.url, operator);
    const resumed = new Promise((resolve) => socket.once('sync.resumed', resolve));
    await connected(socket);
    await resumed;
    const got: number[] = [];
    socket.on('sync.resumed', (p) => got.push(p.seq));
    // The server's end of this console's TCP connection, its writes counted.
    const io = server.hutong.io!;
    const engine = io.of('/').sockets.get(socket.id!)!.conn as unknown as {
      transport: { socket: { _socket: Writable } };
    };
    const connection = engine.transport.socket._socket;
    let writes = 0;
    for (const method of ['_write', '_writev'] as const) {
      const original = connection[method]!.bind(connection) as (...args: unknown[]) => void;
      connection[method] = ((...args: unknown[]) => {
        writes += 1;
        original(...args);
      }) as never;
    }
    // Emitted in one turn: one flush at its end, written at once.
    for (let seq = 1; seq <= 100; seq += 1)
      io.to(socket.id!).emit('sync.resumed', { seq, replayed: 0 });
    await eventually(() => got.length === 100);
    expect(got).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    // One write per event before (101 here).
    expect(writes).toBeLessThanOrEqual(5);
    socket.disconnect();
  });
});
