import { describe, expect, it, vi } from 'vitest';
import { buildCase, buildChange } from '../test/factories';
import { FakeSocket } from '../test/fake-socket';
import { CaseStream } from './case-stream';
import type { StreamResumed } from './case-stream';

function startStream() {
  const socket = new FakeSocket();
  const stream = new CaseStream(socket.factory);
  stream.start();
  return { socket, stream };
}

describe('CaseStream', () => {
  it('sends no seq on the first handshake and the highest seen on every reconnect', () => {
    const { socket, stream } = startStream();
    socket.acceptConnection();
    socket.emit('sync.resumed', { seq: 7, replayed: 0 });
    socket.emit('case.created', buildChange(9, buildCase()));
    socket.emit('case.updated', buildChange(8, buildCase()));
    socket.dropConnection();
    expect(stream.getState()).toBe('reconnecting');
    socket.acceptConnection();
    stream.noteSeq(12);
    socket.dropConnection();
    socket.acceptConnection();
    expect(socket.handshakes).toEqual([{}, { lastSeq: 9 }, { lastSeq: 12 }]);
  });

  it('keeps asking from before a gap when a live event came before a replay that failed', () => {
    const { socket, stream } = startStream();
    socket.acceptConnection();
    socket.emit('sync.resumed', { seq: 5, replayed: 0 });
    socket.dropConnection();
    // Reconnected: the rooms are joined, a live event (seq 9) arrives, then the replay of 6–8
    // fails and the server ends the connection before its sync.resumed.
    socket.acceptConnection();
    socket.emit('case.updated', buildChange(9, buildCase()));
    socket.dropConnection();
    socket.acceptConnection();
    expect(socket.handshakes.at(-1)).toEqual({ lastSeq: 5 });
    // This time the replay goes through: the live event counts from then on.
    socket.emit('case.updated', buildChange(12, buildCase()));
    socket.emit('sync.resumed', { seq: 8, replayed: 3 });
    expect(stream.getLastSeq()).toBe(12);
  });

  it('passes validated case events on and tells a reconnect from the first connect', () => {
    const { socket, stream } = startStream();
    const created = vi.fn();
    const resumed: StreamResumed[] = [];
    stream.subscribe('case.created', created);
    stream.subscribe('sync.resumed', (payload) => resumed.push(payload));
    socket.acceptConnection();
    socket.emit('sync.resumed', { seq: 1, replayed: 0 });
    const payload = buildChange(2, buildCase());
    socket.emit('case.created', payload);
    socket.dropConnection();
    socket.acceptConnection();
    socket.emit('sync.resumed', { seq: 5, replayed: -1 });
    expect(created).toHaveBeenCalledWith(payload);
    expect(resumed).toEqual([
      { seq: 1, replayed: 0, reconnect: false },
      { seq: 5, replayed: -1, reconnect: true },
    ]);
  });

  it('hands on each case event of a cases.changed alone, in order, and resumes after the last', () => {
    const { socket, stream } = startStream();
    const got: string[] = [];
    stream.subscribe('case.created', (p) => got.push(`created ${p.seq} ${p.case.reference}`));
    stream.subscribe('case.updated', (p) => got.push(`updated ${p.seq} ${p.case.reference}`));
    socket.acceptConnection();
    socket.emit('sync.resumed', { seq: 1, replayed: 0 });
    const first = buildChange(2, buildCase());
    const second = buildChange(3, buildCase(), 'claim_overdue');
    socket.emit('cases.changed', {
      seq: 3,
      changes: [
        { name: 'case.created', ...first },
        { name: 'case.updated', ...second },
      ],
    });
    expect(got).toEqual([
      `created 2 ${first.case.reference}`,
      `updated 3 ${second.case.reference}`,
    ]);
    expect(stream.getLastSeq()).toBe(3);
    socket.dropConnection();
    socket.acceptConnection();
    expect(socket.handshakes.at(-1)).toEqual({ lastSeq: 3 });
  });

  it('drops a payload that breaks the shared schema without advancing the seq', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { socket, stream } = startStream();
    const created = vi.fn();
    stream.subscribe('case.created', created);
    socket.acceptConnection();
    socket.emit('case.created', { seq: 50, case: { id: 'not-a-case' } });
    expect(created).not.toHaveBeenCalled();
    expect(stream.getLastSeq()).toBeUndefined();
    vi.restoreAllMocks();
  });

  it('reports a refused handshake as an ended session', () => {
    const { socket, stream } = startStream();
    const ended = vi.fn();
    const states: string[] = [];
    stream.subscribe('unauthenticated', ended);
    stream.subscribe('state', (state) => states.push(state));
    socket.refuse('UNAUTHENTICATED');
    expect(ended).toHaveBeenCalledTimes(1);
    expect(states).toEqual(['unauthenticated']);
  });

  it('shows offline when the connection fails and the client gives up', () => {
    const { socket, stream } = startStream();
    socket.refuse('xhr poll error');
    expect(stream.getState()).toBe('offline');
  });

  it('asks again, later and later, when the server refuses the handshake while its database is gone', () => {
    vi.useFakeTimers();
    try {
      const { socket, stream } = startStream();
      expect(socket.connectCalls).toBe(1);
      socket.refuse('SERVICE_UNAVAILABLE');
      expect(stream.getState()).toBe('offline');
      vi.advanceTimersByTime(1999);
      expect(socket.connectCalls).toBe(1);
      vi.advanceTimersByTime(1);
      expect(socket.connectCalls).toBe(2);
      expect(stream.getState()).toBe('reconnecting');
      socket.refuse('SERVICE_UNAVAILABLE');
      vi.advanceTimersByTime(3999);
      expect(socket.connectCalls).toBe(2);
      vi.advanceTimersByTime(1);
      expect(socket.connectCalls).toBe(3);
      // Back: the next refusal starts again from the first wait.
      socket.acceptConnection();
      expect(stream.getState()).toBe('connected');
      socket.refuse('SERVICE_UNAVAILABLE');
      vi.advanceTimersByTime(2000);
      expect(socket.connectCalls).toBe(4);
      // Stopped (signed out): no more attempts.
      socket.refuse('SERVICE_UNAVAILABLE');
      stream.stop();
      vi.advanceTimersByTime(60_000);
      expect(socket.connectCalls).toBe(4);
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not ask again after an ended session', () => {
    vi.useFakeTimers();
    try {
      const { socket } = startStream();
      socket.refuse('UNAUTHENTICATED');
      vi.advanceTimersByTime(60_000);
      expect(socket.connectCalls).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('stops listening after unsubscribe and disconnects on stop', () => {
    const { socket, stream } = startStream();
    const created = vi.fn();
    const unsubscribe = stream.subscribe('case.created', created);
    socket.acceptConnection();
    unsubscribe();
    socket.emit('case.created', buildChange(3, buildCase()));
    expect(created).not.toHaveBeenCalled();
    stream.stop();
    expect(socket.active).toBe(false);
  });
});
