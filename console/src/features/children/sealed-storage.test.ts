import { afterEach, describe, expect, it } from 'vitest';
import { deviceKey, forgetDeviceKey, SealedStorage } from './sealed-storage';
import { isVisitDataOf, queueStorageKey, VisitOutbox } from './visit-outbox';

const USER = '00000000-0000-4000-8000-0000000a0001';
const OTHER = '00000000-0000-4000-8000-0000000a0002';
const CHILD = '00000000-0000-4000-8000-0000000c0001';
const MARKER = '冰箱是空的-marker';

afterEach(async () => {
  localStorage.clear();
  await forgetDeviceKey(USER);
  await forgetDeviceKey(OTHER);
});

const open = async (user = USER) => SealedStorage.open(await deviceKey(user), isVisitDataOf(user));

describe('visit data sealed on the device', () => {
  it('keeps drafts and queued visits encrypted in localStorage and reads them back with the key', async () => {
    const storage = await open();
    const outbox = new VisitOutbox({
      userId: USER,
      storage,
      send: () => Promise.reject(new Error('offline')),
    });
    outbox.saveDraft(CHILD, { notes: MARKER });
    outbox.enqueue(CHILD, { kind: 'home', visitedAt: new Date().toISOString(), notes: MARKER });
    await storage.flushed();

    // Only ids in the entries' names; the values are sealed.
    const values = Object.values({ ...localStorage }).join('\n');
    expect(values).not.toContain(MARKER);
    expect(values).not.toContain('visitedAt');
    expect(localStorage.getItem(queueStorageKey(USER))).toMatch(/^hutong-aesgcm-v1:/);

    // The page again (a reload): the same device key opens them.
    const again = new VisitOutbox({
      userId: USER,
      storage: await open(),
      send: () => Promise.reject(new Error('offline')),
    });
    expect(again.loadDraft<{ notes: string }>(CHILD)).toEqual({ notes: MARKER });
    expect(again.entries()[0]?.body.notes).toBe(MARKER);
  });

  it('opens nothing with another key, nor a value moved to another entry', async () => {
    const storage = await open();
    storage.setItem(`hutong.visitDraft.${USER}.${CHILD}`, JSON.stringify({ notes: MARKER }));
    await storage.flushed();
    const sealed = localStorage.getItem(`hutong.visitDraft.${USER}.${CHILD}`)!;
    // Another child's draft slot given this one's sealed value: refused, and dropped.
    localStorage.setItem(`hutong.visitDraft.${USER}.other-child`, sealed);
    // Another user's key cannot open it either.
    localStorage.setItem(`hutong.visitDraft.${OTHER}.${CHILD}`, sealed);
    const reopened = await open();
    expect(reopened.getItem(`hutong.visitDraft.${USER}.${CHILD}`)).toContain(MARKER);
    expect(reopened.getItem(`hutong.visitDraft.${USER}.other-child`)).toBeNull();
    expect((await open(OTHER)).getItem(`hutong.visitDraft.${OTHER}.${CHILD}`)).toBeNull();
  });

  it('cannot read what was left once the key is forgotten (sign-out)', async () => {
    const storage = await open();
    storage.setItem(queueStorageKey(USER), JSON.stringify([{ notes: MARKER }]));
    await storage.flushed();
    const left = localStorage.getItem(queueStorageKey(USER));
    await forgetDeviceKey(USER);
    localStorage.setItem(queueStorageKey(USER), left!);
    const fresh = await open();
    expect(fresh.getItem(queueStorageKey(USER))).toBeNull();
    expect(localStorage.getItem(queueStorageKey(USER))).toBeNull();
  });

  it('seals a plain draft left from before encryption', async () => {
    localStorage.setItem(`hutong.visitDraft.${USER}.${CHILD}`, JSON.stringify({ notes: MARKER }));
    const storage = await open();
    expect(storage.getItem(`hutong.visitDraft.${USER}.${CHILD}`)).toContain(MARKER);
    await storage.flushed();
    expect(localStorage.getItem(`hutong.visitDraft.${USER}.${CHILD}`)).not.toContain(MARKER);
  });
});

describe('a sealed storage that is full', () => {
  it('keeps the queue without the photos it has no room for; a new page finds the visit', async () => {
    // Room for the visit sealed, not for its photos sealed with it.
    const backing = new Map<string, string>();
    const full: Storage = {
      get length() {
        return backing.size;
      },
      key: (index) => [...backing.keys()][index] ?? null,
      getItem: (name) => backing.get(name) ?? null,
      setItem: (name, value) => {
        if (value.length > 4_000) throw new DOMException('Full', 'QuotaExceededError');
        backing.set(name, value);
      },
      removeItem: (name) => void backing.delete(name),
      clear: () => backing.clear(),
    };
    const storage = await SealedStorage.open(await deviceKey(USER), isVisitDataOf(USER), full);
    const outbox = new VisitOutbox({
      userId: USER,
      storage,
      send: () => Promise.reject(new TypeError('offline')),
    });
    const photos = [{ contentType: 'image/jpeg' as const, dataBase64: `/9j/${'A'.repeat(6_000)}` }];
    const key = 'key-sealed-full-1';
    await outbox.submit(
      CHILD,
      { kind: 'home', visitedAt: new Date().toISOString(), notes: MARKER, photos },
      key,
    );
    expect(outbox.entries()).toEqual([expect.objectContaining({ key, photosHeld: 1 })]);
    expect(await storage.written(queueStorageKey(USER))).toBe(true);

    const again = new VisitOutbox({
      userId: USER,
      storage: await SealedStorage.open(await deviceKey(USER), isVisitDataOf(USER), full),
      send: () => Promise.reject(new TypeError('offline')),
    });
    expect(again.entries()).toEqual([
      expect.objectContaining({
        key,
        photosHeld: 1,
        body: expect.objectContaining({ notes: MARKER }),
      }),
    ]);
  });
});
