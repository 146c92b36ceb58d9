/**
 * The visit form's data on the phone, encrypted at rest: AES-GCM (WebCrypto) under a key made on
 * the device for each user, non-extractable (script may use it, never read it out) and kept in
 * IndexedDB, not beside the data in localStorage. Forgetting the key at sign-out makes whatever
 * might be left in localStorage unreadable.
 *
 * `SealedStorage` is a `Storage` for the visit outbox: it holds the user's entries decrypted in
 * memory (read once, when it opens) and writes each change through, sealed, to localStorage. The
 * storage key is the additional data, so a sealed value moved to another key does not open.
 */

const DB_NAME = 'hutong-device';
const STORE = 'keys';
const SEALED = 'hutong-aesgcm-v1:';

function openDb(idb: IDBFactory): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = idb.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB would not open'));
  });
}

function inStore<T>(
  idb: IDBFactory,
  mode: IDBTransactionMode,
  act: (store: IDBObjectStore) => IDBRequest,
): Promise<T> {
  return openDb(idb).then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        const tx = db.transaction(STORE, mode);
        const request = act(tx.objectStore(STORE));
        tx.oncomplete = () => {
          db.close();
          resolve(request.result as T);
        };
        tx.onerror = () => {
          db.close();
          reject(tx.error ?? new Error('IndexedDB refused the change'));
        };
      }),
  );
}

/** The user's device key, made (non-extractable) on first use. */
export async function deviceKey(userId: string, idb: IDBFactory = indexedDB): Promise<CryptoKey> {
  const found = await inStore<CryptoKey | undefined>(idb, 'readonly', (s) => s.get(userId));
  if (found) return found;
  const made = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
    'encrypt',
    'decrypt',
  ]);
  // Two tabs may race here: the first key stored wins, and both use it.
  await inStore(idb, 'readwrite', (s) => s.add(made, userId)).catch(() => undefined);
  return (await inStore<CryptoKey | undefined>(idb, 'readonly', (s) => s.get(userId))) ?? made;
}

/** Deletes the user's device key (sign-out): what it sealed can no longer be opened. */
export async function forgetDeviceKey(userId: string, idb: IDBFactory = indexedDB): Promise<void> {
  await inStore(idb, 'readwrite', (s) => s.delete(userId));
}

const utf8 = new TextEncoder();
const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/** `value` sealed under `key`, bound to the storage key `name`. */
async function seal(key: CryptoKey, name: string, value: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: utf8.encode(name) },
    key,
    utf8.encode(value),
  );
  return `${SEALED}${toBase64(iv)}.${toBase64(new Uint8Array(sealed))}`;
}

/** The value sealed under `key` for `name`; rejects if it was not, or was changed. */
async function unseal(key: CryptoKey, name: string, sealed: string): Promise<string> {
  if (!sealed.startsWith(SEALED)) throw new Error('Not sealed');
  const [iv = '', data = ''] = sealed.slice(SEALED.length).split('.');
  const opened = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: fromBase64(iv), additionalData: utf8.encode(name) },
    key,
    fromBase64(data),
  );
  return new TextDecoder().decode(opened);
}

export class SealedStorage implements Storage {
  private readonly plain = new Map<string, string>();
  /** Entries whose last sealed write the backing storage refused (full): in memory only. */
  private readonly unwritten = new Set<string>();
  private writes: Promise<void> = Promise.resolve();

  private constructor(
    private readonly cryptoKey: CryptoKey,
    private readonly backing: Storage,
    private readonly owns: (name: string) => boolean,
  ) {}

  /**
   * Opens the entries `owns` picks out of `backing`, decrypted. One the key cannot open (another
   * key's, or tampered with) is dropped; a plain one left from before encryption is sealed now.
   */
  static async open(
    key: CryptoKey,
    owns: (name: string) => boolean,
    backing: Storage = window.localStorage,
  ): Promise<SealedStorage> {
    const storage = new SealedStorage(key, backing, owns);
    const names: string[] = [];
    for (let i = 0; i < backing.length; i += 1) {
      const name = backing.key(i);
      if (name !== null && owns(name)) names.push(name);
    }
    for (const name of names) await storage.refresh(name);
    return storage;
  }

  /** Re-reads one entry from the backing storage (another tab wrote it). */
  async refresh(name: string): Promise<void> {
    const raw = this.backing.getItem(name);
    if (raw === null) {
      this.plain.delete(name);
      return;
    }
    if (!raw.startsWith(SEALED)) {
      // Written before drafts were encrypted: keep it, sealed from now on.
      this.setItem(name, raw);
      return;
    }
    try {
      this.plain.set(name, await unseal(this.cryptoKey, name, raw));
    } catch {
      this.plain.delete(name);
      this.backing.removeItem(name);
    }
  }

  /** Resolves once every change so far is sealed and written. */
  flushed(): Promise<void> {
    return this.writes;
  }

  /**
   * Whether the entry's last change reached the backing storage, once every change so far is
   * written: false when the storage was full (the value is then in memory only, and the backing
   * storage may still hold an older one).
   */
  async written(name: string): Promise<boolean> {
    await this.writes;
    return !this.unwritten.has(name);
  }

  get length(): number {
    return this.plain.size;
  }

  key(index: number): string | null {
    return [...this.plain.keys()][index] ?? null;
  }

  getItem(name: string): string | null {
    return this.plain.get(name) ?? null;
  }

  setItem(name: string, value: string): void {
    if (!this.owns(name)) throw new Error(`Not a sealed entry: ${name}`);
    this.plain.set(name, value);
    // In order, so the last change is the one left written.
    this.writes = this.writes.then(async () => {
      if (this.plain.get(name) !== value) return; // changed again or removed meanwhile
      const sealed = await seal(this.cryptoKey, name, value);
      if (this.plain.get(name) !== value) return;
      try {
        this.backing.setItem(name, sealed);
        this.unwritten.delete(name);
      } catch {
        // Full (localStorage holds about 5 MB): kept in memory; `written` says so.
        this.unwritten.add(name);
      }
    });
    this.writes = this.writes.catch(() => undefined);
  }

  removeItem(name: string): void {
    this.plain.delete(name);
    this.unwritten.delete(name);
    this.backing.removeItem(name);
  }

  clear(): void {
    for (const name of [...this.plain.keys()]) this.removeItem(name);
  }
}
