import { afterEach, describe, expect, it } from 'vitest';
import { AppError, type TCreateVisit } from '@hutong/shared';
import { createApiClient, NetworkError } from '../../lib/api-client';
import {
  errorReply,
  startLocalServer,
  type LocalServer,
  type Reply,
} from '../../test/local-server';
import { buildVisitRecorded } from '../../test/factories';
import { recordVisit } from './api';
import { failureKind, queueStorageKey, VisitOutbox } from './visit-outbox';

const USER = '00000000-0000-4000-8000-0000000a0001';
const CHILD_A = '00000000-0000-4000-8000-0000000c0001';
const CHILD_B = '00000000-0000-4000-8000-0000000c0002';

const visitBody = (notes: string): TCreateVisit => ({
  kind: 'home',
  visitedAt: '2030-01-02T03:04:05.000Z',
  seen: ['child'],
  checklist: { childSafe: true },
  notes,
});

/** A photo as the form queues it (base64 text of `size` characters). */
const photo = (mark: string, size: number) => ({
  contentType: 'image/jpeg' as const,
  dataBase64: `/9j/${mark.repeat(size - 4)}`,
});

/** A localStorage with room for `quota` characters, full as a phone's ~5 MB gets full. */
class SmallStorage implements Storage {
  private readonly items = new Map<string, string>();
  constructor(private readonly quota: number) {}
  get length() {
    return this.items.size;
  }
  key = (index: number) => [...this.items.keys()][index] ?? null;
  getItem = (name: string) => this.items.get(name) ?? null;
  setItem = (name: string, value: string) => {
    let used = name.length + value.length;
    for (const [k, v] of this.items) if (k !== name) used += k.length + v.length;
    if (used > this.quota)
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    this.items.set(name, value);
  };
  removeItem = (name: string) => void this.items.delete(name);
  clear = () => this.items.clear();
}

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/**
 * A visits endpoint that records each key once (replaying it like the API) and answers as
 * `behaviour` says for the n-th request: 'ok', 'drop' (no answer), 'lost' (recorded, then the
 * connection drops before the answer) or an error reply.
 */
async function visitsServer(
  behaviour: (n: number, body: TCreateVisit) => 'ok' | 'drop' | 'lost' | Reply,
) {
  const visits = new Map<string, { childId: string; body: TCreateVisit }>();
  let n = 0;
  server = await startLocalServer((r) => {
    const match = /^\/api\/children\/([^/]+)\/visits$/.exec(r.url);
    if (!match || r.method !== 'POST') return { status: 404, json: {} };
    n += 1;
    const body = r.body as TCreateVisit;
    const what = behaviour(n, body);
    if (what === 'drop') return { destroy: true };
    if (typeof what === 'object') return what;
    const key = String(r.headers['idempotency-key']);
    if (!visits.has(key)) visits.set(key, { childId: match[1]!, body });
    return what === 'lost' ? { destroy: true } : { status: 201, json: buildVisitRecorded(body) };
  });
  const api = createApiClient({ baseUrl: server.baseUrl });
  const outbox = new VisitOutbox({
    userId: USER,
    send: (v) => recordVisit(api, v.childId, v.body, v.key),
  });
  return { outbox, visits, requests: server.requests };
}

describe('the visit outbox', () => {
  it('keeps a visit queued while the network fails, then sends it once, in order, with its key', async () => {
    let online = false;
    const { outbox, visits, requests } = await visitsServer(() => (online ? 'ok' : 'drop'));
    const sent: string[] = [];
    outbox.onSent((v) => sent.push(v.body.notes ?? ''));

    const first = await outbox.submit(CHILD_A, visitBody('first'), 'key-first-0001');
    expect(first).toEqual({ kind: 'queued', error: expect.any(NetworkError) });
    const second = await outbox.submit(CHILD_B, visitBody('second'), 'key-second-0002');
    expect(second.kind).toBe('queued');
    expect(outbox.entries().map((v) => [v.key, v.state])).toEqual([
      ['key-first-0001', 'queued'],
      ['key-second-0002', 'queued'],
    ]);
    expect(visits.size).toBe(0);

    // The queue survives the page: a new outbox for the same user reads it from storage.
    const again = new VisitOutbox({ userId: USER, send: () => Promise.reject(new Error('no')) });
    expect(again.entries()).toHaveLength(2);

    online = true;
    await outbox.flush();
    expect(outbox.entries()).toEqual([]);
    expect(localStorage.getItem(queueStorageKey(USER))).toBeNull();
    expect(sent).toEqual(['first', 'second']);
    expect([...visits.keys()]).toEqual(['key-first-0001', 'key-second-0002']);
    const posts = requests.filter((r) => r.method === 'POST');
    expect(posts.at(-2)?.headers['idempotency-key']).toBe('key-first-0001');
    expect(posts.at(-1)?.headers['idempotency-key']).toBe('key-second-0002');
  });

  it('stops at the first visit that gets no answer, so none overtakes another', async () => {
    const { outbox } = await visitsServer(() => 'drop');
    outbox.enqueue(CHILD_A, visitBody('a'), 'key-a-000001');
    outbox.enqueue(CHILD_B, visitBody('b'), 'key-b-000001');
    await outbox.flush();
    // One attempt, then the pass stopped: the second was not tried.
    expect(server!.requests).toHaveLength(1);
    expect(outbox.entries()).toHaveLength(2);
  });

  it('sends again with the same key when the answer was lost, and the server records one visit', async () => {
    const { outbox, visits, requests } = await visitsServer((n) => (n === 1 ? 'lost' : 'ok'));
    const outcome = await outbox.submit(CHILD_A, visitBody('once'), 'key-lost-000001');
    expect(outcome.kind).toBe('queued');
    expect(visits.size).toBe(1);
    await outbox.flush();
    expect(outbox.entries()).toEqual([]);
    expect(visits.size).toBe(1);
    expect(requests.map((r) => r.headers['idempotency-key'])).toEqual([
      'key-lost-000001',
      'key-lost-000001',
    ]);
  });

  it('marks a visit the server refuses (4xx) as needing attention and goes on with the next', async () => {
    const { outbox, visits } = await visitsServer((_, body) =>
      body.notes === 'bad'
        ? errorReply('VALIDATION_FAILED', 400, 'Invalid', { visitedAt: 'In the future' })
        : 'ok',
    );
    outbox.enqueue(CHILD_A, visitBody('bad'), 'key-bad-000001');
    outbox.enqueue(CHILD_B, visitBody('good'), 'key-good-00001');
    await outbox.flush();
    expect(outbox.entries()).toEqual([
      expect.objectContaining({
        key: 'key-bad-000001',
        state: 'attention',
        problem: expect.objectContaining({
          code: 'VALIDATION_FAILED',
          status: 400,
          data: { visitedAt: 'In the future' },
        }),
      }),
    ]);
    expect([...visits.keys()]).toEqual(['key-good-00001']);
    const outcome = outbox.outcome('key-bad-000001');
    expect(outcome?.kind).toBe('attention');

    // Never retried by itself; the user discards it (or takes it back into the form).
    await outbox.flush();
    expect(server!.requests).toHaveLength(2);
    outbox.discard('key-bad-000001');
    expect(outbox.entries()).toEqual([]);
  });

  it('keeps visits queued (not needing attention) on 401, 429 and 5xx', async () => {
    const replies = [
      errorReply('UNAUTHENTICATED', 401, 'Sign in'),
      errorReply('RATE_LIMITED', 429, 'Slow down'),
      errorReply('SERVICE_UNAVAILABLE', 503, 'Down'),
      { status: 502, text: '<html>Bad gateway</html>' },
    ];
    const { outbox } = await visitsServer((n) => replies[n - 1] ?? 'ok');
    outbox.enqueue(CHILD_A, visitBody('x'), 'key-x-0000001');
    for (let i = 0; i < replies.length; i += 1) {
      await outbox.flush();
      expect(outbox.entries()).toEqual([expect.objectContaining({ state: 'queued' })]);
    }
    await outbox.flush();
    expect(outbox.entries()).toEqual([]);
  });

  it('runs one pass at a time and picks up a visit queued during it', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const visits = new Map<string, { childId: string; body: TCreateVisit }>();
    const slow = new VisitOutbox({
      userId: USER,
      send: async (v) => {
        await gate;
        visits.set(v.key, { childId: v.childId, body: v.body });
        return buildVisitRecorded(v.body);
      },
    });
    slow.enqueue(CHILD_A, visitBody('one'), 'key-one-000001');
    const running = slow.flush();
    const meanwhile = slow.submit(CHILD_B, visitBody('two'), 'key-two-000001');
    release();
    await running;
    expect(await meanwhile).toEqual(expect.objectContaining({ kind: 'sent' }));
    expect([...visits.keys()]).toEqual(['key-one-000001', 'key-two-000001']);
    expect(slow.entries()).toEqual([]);
  });

  it('keeps each user’s queue and drafts apart, and notifies subscribers of changes', async () => {
    const { outbox } = await visitsServer(() => 'drop');
    const other = new VisitOutbox({
      userId: '00000000-0000-4000-8000-0000000a0002',
      send: () => Promise.reject(new Error('unused')),
    });
    let changes = 0;
    outbox.subscribe(() => (changes += 1));
    outbox.enqueue(CHILD_A, visitBody('mine'), 'key-mine-00001');
    outbox.enqueue(CHILD_A, visitBody('mine'), 'key-mine-00001');
    expect(outbox.entries()).toHaveLength(1);
    expect(changes).toBe(1);
    expect(other.entries()).toEqual([]);

    outbox.saveDraft(CHILD_A, { notes: '草稿' });
    expect(outbox.loadDraft(CHILD_A)).toEqual({ notes: '草稿' });
    expect(other.loadDraft(CHILD_A)).toBeNull();
    expect(outbox.loadDraft(CHILD_B)).toBeNull();
    outbox.clearDraft(CHILD_A);
    expect(outbox.loadDraft(CHILD_A)).toBeNull();

    // A queue written by another tab is read on reload; garbage in storage is ignored.
    localStorage.setItem(queueStorageKey(USER), '[{"key":1},"x"]');
    outbox.reload();
    expect(outbox.entries()).toEqual([]);
    localStorage.setItem(queueStorageKey(USER), 'not json');
    outbox.reload();
    expect(outbox.entries()).toEqual([]);
  });

  it('keeps a visit with its photos on the device when they fit', async () => {
    const { outbox, visits } = await visitsServer(() => 'drop');
    const photos = [photo('a', 400), photo('b', 400)];
    await outbox.submit(CHILD_A, { ...visitBody('with photos'), photos }, 'key-photos-00001');
    expect(outbox.entries()).toEqual([
      expect.objectContaining({ body: expect.objectContaining({ photos }) }),
    ]);
    expect(outbox.entries()[0]!.photosHeld).toBeUndefined();
    expect(localStorage.getItem(queueStorageKey(USER))).toContain(photos[1]!.dataBase64);
    expect(outbox.photosOf(outbox.entries()[0]!)).toEqual(photos);
    expect(visits.size).toBe(0);
  });

  it('keeps a visit whose photos the storage has no room for without them, and sends them with it while the page is open', async () => {
    let online = false;
    const { visits } = await visitsServer(() => (online ? 'ok' : 'drop'));
    const api = createApiClient({ baseUrl: server!.baseUrl });
    const storage = new SmallStorage(3_000);
    const outbox = new VisitOutbox({
      userId: USER,
      storage,
      send: (v) => recordVisit(api, v.childId, v.body, v.key),
    });
    const photos = [photo('a', 2_000), photo('b', 2_000)];
    const key = 'key-full-000001';
    const outcome = await outbox.submit(CHILD_A, { ...visitBody('kept'), photos }, key);
    expect(outcome.kind).toBe('queued');
    // The visit is on the device, without the photos, and says how many it lost there.
    const [queued] = outbox.entries();
    expect(queued).toMatchObject({ key, photosHeld: 2, body: { notes: 'kept' } });
    expect(queued!.body.photos).toBeUndefined();
    expect(storage.getItem(queueStorageKey(USER))).toContain('kept');
    expect(storage.getItem(queueStorageKey(USER))).not.toContain(photos[0]!.dataBase64);
    expect(outbox.photosOf(queued!)).toEqual(photos);

    // Still open when the signal returns: the photos go with the visit, under its key.
    online = true;
    await outbox.flush();
    expect(outbox.entries()).toEqual([]);
    expect(visits.get(key)?.body.photos).toEqual(photos);

    // A page opened after: the visit is there (without its photos) and is sent without them.
    online = false;
    await outbox.submit(CHILD_A, { ...visitBody('again'), photos }, 'key-full-000002');
    const later = new VisitOutbox({
      userId: USER,
      storage,
      send: (v) => recordVisit(api, v.childId, v.body, v.key),
    });
    expect(later.entries()).toEqual([expect.objectContaining({ photosHeld: 2 })]);
    online = true;
    await later.flush();
    expect(visits.get('key-full-000002')?.body.photos).toBeUndefined();
    expect(visits.get('key-full-000002')?.body.notes).toBe('again');
  });

  it('keeps a draft’s photos apart from its text; they leave with the draft, for the queue, or when they do not fit', async () => {
    const storage = new SmallStorage(6_000);
    const outbox = new VisitOutbox({
      userId: USER,
      storage,
      send: () => Promise.reject(new NetworkError('offline')),
    });
    outbox.saveDraft(CHILD_A, { notes: 'draft' });
    const photos = [photo('a', 1_000), photo('b', 1_000)];
    expect(await outbox.saveDraftPhotos(CHILD_A, photos)).toBe(true);
    expect(outbox.loadDraftPhotos(CHILD_A)).toEqual(photos);
    expect(outbox.loadDraftPhotos(CHILD_B)).toEqual([]);

    // No room for these: none kept (not the old ones either), and the text stays.
    expect(await outbox.saveDraftPhotos(CHILD_A, [photo('c', 3_000), photo('d', 3_000)])).toBe(
      false,
    );
    expect(outbox.loadDraftPhotos(CHILD_A)).toEqual([]);
    expect(outbox.loadDraft(CHILD_A)).toEqual({ notes: 'draft' });

    // Cleared with the draft.
    expect(await outbox.saveDraftPhotos(CHILD_A, photos)).toBe(true);
    outbox.clearDraft(CHILD_A);
    expect(storage.length).toBe(0);

    // Saving the visit: the draft's copy makes room for the photos in the queue (both would not fit).
    const big = [photo('e', 1_500), photo('f', 1_500)];
    expect(await outbox.saveDraftPhotos(CHILD_A, big)).toBe(true);
    const outcome = await outbox.submit(CHILD_A, { ...visitBody('saved'), photos: big }, 'key-d-1');
    expect(outcome.kind).toBe('queued');
    expect(outbox.entries()).toEqual([
      expect.objectContaining({ key: 'key-d-1', body: expect.objectContaining({ photos: big }) }),
    ]);
    expect(outbox.entries()[0]!.photosHeld).toBeUndefined();
    expect(outbox.loadDraftPhotos(CHILD_A)).toEqual([]);

    // Wiped with the user's visits at sign-out.
    expect(await outbox.saveDraftPhotos(CHILD_B, [photo('g', 300)])).toBe(true);
    outbox.wipe();
    expect(storage.length).toBe(0);
  });

  it('refuses to queue a visit the storage cannot hold even without photos (the form says it is not saved)', () => {
    const outbox = new VisitOutbox({
      userId: USER,
      storage: new SmallStorage(100),
      send: () => Promise.reject(new Error('unused')),
    });
    expect(() =>
      outbox.enqueue(CHILD_A, { ...visitBody('x'), photos: [photo('a', 400)] }, 'key-none-0001'),
    ).toThrow(/quota/);
    expect(outbox.entries()).toEqual([]);
  });

  it('says what a failure means', () => {
    expect(failureKind(new AppError('FORBIDDEN', { message: 'x' }))).toBe('attention');
    expect(failureKind(new AppError('NOT_FOUND', { message: 'x' }))).toBe('attention');
    expect(failureKind(new AppError('UNAUTHENTICATED', { message: 'x' }))).toBe('signin');
    expect(failureKind(new AppError('SERVICE_UNAVAILABLE', { message: 'x' }))).toBe('retry');
    expect(failureKind(new TypeError('bug'))).toBe('retry');
  });
});
