import {
  AppError,
  ZVisitPhotoUpload,
  type TCreateVisit,
  type TVisitRecorded,
} from '@hutong/shared';
import { NetworkError } from '../../lib/api-client';

/**
 * The director's phone in a village with poor signal: visits waiting on the device, and the
 * visit form's drafts. Everything lives in `localStorage` under the signed-in user's id, so a
 * second account on the same phone never sends (or sees) another's visits; the console gives the
 * outbox a `SealedStorage`, so it is encrypted there (see sealed-storage.ts).
 *
 * A visit is put in the queue before it is sent (on the device before "saved", as the server
 * stores a report before it says "received"), with its `Idempotency-Key` made once. The queue is
 * sent in order, each with its own key, whenever asked (the form's submit, the `online` event, the
 * app's start, a timer). What a failed send means:
 * - no answer (offline, a dropped connection, 5xx, 408, 429): the visit stays queued and the pass
 *   stops, keeping the order; the next pass sends it again with the same key, so a visit whose
 *   answer was lost is recorded once (the server answers `Idempotent-Replayed: true`);
 * - 401: the session is gone; the visit stays queued until the user signs in again;
 * - any other 4xx: the server will never take it as it is; it "needs attention" (kept, shown to
 *   the user with the server's reason, never retried by itself) and the pass goes on.
 *
 * A visit's photos go in the queue with it. localStorage holds about 5 MB, so a queue with them
 * may not fit: the visit is then kept on the device without its photos, which stay in this page's
 * memory and go with it if it is sent before the page is closed (`photosHeld` says how many; the
 * form tells the user). The visit itself is never lost for its photos.
 *
 * A draft's photos are kept beside its text, under their own key, so a storage too full for them
 * loses the photos only (the form says so); they make way for the queue when the visit is saved.
 */

export interface QueuedVisit {
  /** The `Idempotency-Key`, made once when the visit was queued; also its id in the queue. */
  key: string;
  childId: string;
  body: TCreateVisit;
  queuedAt: string;
  state: 'queued' | 'attention';
  /** Sends that got no answer so far (a visit sent with tries > 0 waited on the phone). */
  tries?: number;
  /** Why the server refused it (state `attention`). */
  problem?: { code: string; status: number; message: string; data?: Record<string, unknown> };
  /**
   * Photos the device had no room to keep: not in `body`, held in the page's memory only, and
   * sent with the visit if the page is still open then.
   */
  photosHeld?: number;
}

type Photos = NonNullable<TCreateVisit['photos']>;

/** A storage that writes later (`SealedStorage`): whether an entry's last change was written. */
interface DeferredStorage {
  written(name: string): Promise<boolean>;
}
const isDeferred = (storage: Storage): storage is Storage & DeferredStorage =>
  typeof (storage as Partial<DeferredStorage>).written === 'function';

/** Sends one visit with its key; rejects with NetworkError or AppError as the API client does. */
export type SendVisit = (visit: QueuedVisit) => Promise<TVisitRecorded>;

/** What became of one visit in the last pass. */
export type VisitOutcome =
  | { kind: 'sent'; recorded: TVisitRecorded }
  | { kind: 'queued'; error?: unknown }
  | { kind: 'attention'; error: AppError };

/** What a failed send means for the queue (see the module comment). */
export function failureKind(error: unknown): 'retry' | 'signin' | 'attention' {
  if (error instanceof NetworkError) return 'retry';
  if (error instanceof AppError) {
    if (error.status === 401) return 'signin';
    if (error.status === 408 || error.status === 429 || error.status >= 500) return 'retry';
    if (error.status >= 400) return 'attention';
  }
  // Anything else (a bug, a contract drift) is not the visit's fault: keep it and try later.
  return 'retry';
}

const QUEUE_PREFIX = 'hutong.visitQueue.';
const DRAFT_PREFIX = 'hutong.visitDraft.';

/** The storage key of a user's queue (a `storage` event on it means another tab changed it). */
export const queueStorageKey = (userId: string) => `${QUEUE_PREFIX}${userId}`;
const draftStorageKey = (userId: string, childId: string) => `${DRAFT_PREFIX}${userId}.${childId}`;
/** A draft's photos, apart from its text (a draft key and more: wiped and sealed with it). */
const draftPhotosKey = (userId: string, childId: string) =>
  `${draftStorageKey(userId, childId)}.photos`;

/** Whether a storage key is one of `userId`'s visit entries (the queue or a draft). */
export const isVisitDataOf =
  (userId: string) =>
  (name: string): boolean =>
    name === queueStorageKey(userId) || name.startsWith(`${DRAFT_PREFIX}${userId}.`);

/**
 * Deletes from this device everything the visit form kept for `userId`: the visits waiting to be
 * sent and every draft (at sign-out: a shared phone keeps nothing of the last user's).
 */
export function wipeVisitsOnDevice(userId: string, storage: Storage = window.localStorage): void {
  const drafts = `${DRAFT_PREFIX}${userId}.`;
  const doomed: string[] = [];
  for (let i = 0; i < storage.length; i += 1) {
    const key = storage.key(i);
    if (key !== null && (key === queueStorageKey(userId) || key.startsWith(drafts)))
      doomed.push(key);
  }
  for (const key of doomed) storage.removeItem(key);
}

function isQueuedVisit(value: unknown): value is QueuedVisit {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<QueuedVisit>;
  return (
    typeof v.key === 'string' &&
    typeof v.childId === 'string' &&
    typeof v.body === 'object' &&
    v.body !== null &&
    typeof v.queuedAt === 'string' &&
    (v.state === 'queued' || v.state === 'attention')
  );
}

export interface VisitOutboxOptions {
  userId: string;
  send: SendVisit;
  storage?: Storage;
  /** Serialises passes across the tabs of one browser when the Web Locks API is there. */
  locks?: LockManager;
}

export class VisitOutbox {
  readonly userId: string;
  private readonly send: SendVisit;
  private readonly storage: Storage;
  private readonly locks: LockManager | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly sentListeners = new Set<(visit: QueuedVisit) => void>();
  private readonly outcomes = new Map<string, VisitOutcome>();
  /** Photos of queued visits that did not fit in the storage, by key (this page only). */
  private readonly heldPhotos = new Map<string, Photos>();
  private snapshot: readonly QueuedVisit[];
  private running: Promise<void> | undefined;
  private again = false;

  constructor(options: VisitOutboxOptions) {
    this.userId = options.userId;
    this.send = options.send;
    this.storage = options.storage ?? window.localStorage;
    this.locks = options.locks;
    this.snapshot = this.read();
  }

  /** The visits on the device, oldest first (the same array until something changes). */
  entries = (): readonly QueuedVisit[] => this.snapshot;

  /** Calls `listener` whenever the queue changes (here or, via `reload`, in another tab). */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Calls `listener` for each visit the server confirmed. */
  onSent(listener: (visit: QueuedVisit) => void): () => void {
    this.sentListeners.add(listener);
    return () => this.sentListeners.delete(listener);
  }

  /** Re-reads the queue from storage (another tab wrote it). */
  reload(): void {
    this.snapshot = this.read();
    this.emit();
  }

  /**
   * Puts a visit in the queue with its key; the same key twice keeps one. When the storage has no
   * room for its photos, the visit is kept without them (`photosHeld`); when it has no room even
   * then, this throws and nothing is queued.
   */
  enqueue(childId: string, body: TCreateVisit, key: string = crypto.randomUUID()): QueuedVisit {
    const existing = this.read().find((v) => v.key === key);
    if (existing) return existing;
    const visit: QueuedVisit = {
      key,
      childId,
      body,
      queuedAt: new Date().toISOString(),
      state: 'queued',
    };
    try {
      this.update((queue) => [...queue, visit]);
      return visit;
    } catch (error) {
      if (!body.photos?.length) throw error;
      const kept = this.holdPhotos(visit);
      this.update((queue) => [...queue, kept]);
      return kept;
    }
  }

  /** Deletes the user's visits and drafts from the device (see `wipeVisitsOnDevice`). */
  wipe(): void {
    wipeVisitsOnDevice(this.userId, this.storage);
    this.outcomes.clear();
    this.heldPhotos.clear();
    this.snapshot = [];
    this.emit();
  }

  /** Takes a visit off the device without sending it. */
  discard(key: string): void {
    this.heldPhotos.delete(key);
    this.update((queue) => queue.filter((v) => v.key !== key));
  }

  /** A queued visit's photos: those kept with it on the device, or those held in memory. */
  photosOf(visit: QueuedVisit): Photos {
    return visit.body.photos ?? this.heldPhotos.get(visit.key) ?? [];
  }

  /** What the last pass did with the visit of `key`, if it got to it. */
  outcome(key: string): VisitOutcome | undefined {
    return this.outcomes.get(key);
  }

  /**
   * Sends the queued visits in order (see the module comment). One pass at a time: a call while
   * one runs makes it go round again, so a visit queued meanwhile is not left behind.
   */
  flush(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const run = async () => {
      do {
        this.again = false;
        await (this.locks
          ? this.locks.request(`hutong-visit-queue-${this.userId}`, () => this.pass())
          : this.pass());
      } while (this.again);
    };
    this.running = run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /**
   * Sends `body` now if it can, else keeps it queued: what became of it. Whether its photos were
   * kept on the device is the queued visit's `photosHeld`.
   */
  async submit(childId: string, body: TCreateVisit, key: string): Promise<VisitOutcome> {
    this.outcomes.delete(key);
    // The photos go in the queue with the visit: their copy in the draft makes room for them.
    this.storage.removeItem(draftPhotosKey(this.userId, childId));
    this.enqueue(childId, body, key);
    await this.keptOnDevice(key);
    await this.flush();
    return this.outcomes.get(key) ?? { kind: 'queued' };
  }

  /**
   * A storage that writes later (sealed) finds out only now whether the queue fitted: if not, the
   * visit is kept without its photos, held in memory as `enqueue` holds them.
   */
  private async keptOnDevice(key: string): Promise<void> {
    const storage = this.storage;
    if (!isDeferred(storage) || (await storage.written(queueStorageKey(this.userId)))) return;
    const visit = this.read().find((v) => v.key === key);
    if (!visit?.body.photos?.length) return;
    const kept = this.holdPhotos(visit);
    this.update((queue) => queue.map((v) => (v.key === key ? kept : v)));
  }

  /** The visit without its photos, which are held in memory (see `photosHeld`). */
  private holdPhotos(visit: QueuedVisit): QueuedVisit {
    const { photos, ...body } = visit.body;
    if (!photos?.length) return visit;
    this.heldPhotos.set(visit.key, photos);
    return { ...visit, body, photosHeld: photos.length };
  }

  // --- drafts of the visit form, one per child ---

  /** The form's values as last typed for this child, or null. */
  loadDraft<T>(childId: string): T | null {
    try {
      const raw = this.storage.getItem(draftStorageKey(this.userId, childId));
      return raw === null ? null : (JSON.parse(raw) as T);
    } catch {
      return null;
    }
  }

  saveDraft(childId: string, values: unknown): void {
    try {
      this.storage.setItem(draftStorageKey(this.userId, childId), JSON.stringify(values));
    } catch {
      // A full or refused storage loses the draft only; the form itself still works.
    }
  }

  clearDraft(childId: string): void {
    this.storage.removeItem(draftStorageKey(this.userId, childId));
    this.storage.removeItem(draftPhotosKey(this.userId, childId));
  }

  /** The photos of this child's draft (none when there are none or they cannot be read). */
  loadDraftPhotos(childId: string): Photos {
    try {
      const raw = this.storage.getItem(draftPhotosKey(this.userId, childId));
      const parsed: unknown = raw === null ? [] : JSON.parse(raw);
      return Array.isArray(parsed)
        ? parsed.filter((p): p is Photos[number] => ZVisitPhotoUpload.safeParse(p).success)
        : [];
    } catch {
      return [];
    }
  }

  /**
   * Keeps the draft's photos on the device. Resolves false when the storage had no room for them:
   * then none are kept (the draft's text is, apart), and a reload brings the draft back without
   * them.
   */
  async saveDraftPhotos(childId: string, photos: Photos): Promise<boolean> {
    const name = draftPhotosKey(this.userId, childId);
    if (photos.length === 0) {
      this.storage.removeItem(name);
      return true;
    }
    try {
      this.storage.setItem(name, JSON.stringify(photos));
    } catch {
      this.storage.removeItem(name);
      return false;
    }
    const storage = this.storage;
    if (isDeferred(storage) && !(await storage.written(name))) {
      // Sealed but not written: held in memory only, which a reload would not find.
      storage.removeItem(name);
      return false;
    }
    return true;
  }

  private async pass(): Promise<void> {
    const tried = new Set<string>();
    for (;;) {
      // Re-read each time: another tab, or a discard, may have changed the queue meanwhile.
      const next = this.read().find((v) => v.state === 'queued' && !tried.has(v.key));
      if (!next) return;
      tried.add(next.key);
      const held = this.heldPhotos.get(next.key);
      try {
        const recorded = await this.send(
          held ? { ...next, body: { ...next.body, photos: held } } : next,
        );
        this.outcomes.set(next.key, { kind: 'sent', recorded });
        this.heldPhotos.delete(next.key);
        this.update((queue) => queue.filter((v) => v.key !== next.key));
        for (const listener of this.sentListeners) listener(next);
      } catch (error) {
        const kind = failureKind(error);
        if (kind === 'attention' && error instanceof AppError) {
          this.outcomes.set(next.key, { kind: 'attention', error });
          const problem: NonNullable<QueuedVisit['problem']> = {
            code: error.code,
            status: error.status,
            message: error.message,
            ...(error.data ? { data: error.data } : {}),
          };
          this.update((queue) =>
            queue.map((v) => (v.key === next.key ? { ...v, state: 'attention', problem } : v)),
          );
          continue;
        }
        this.outcomes.set(next.key, { kind: 'queued', error });
        this.update((queue) =>
          queue.map((v) => (v.key === next.key ? { ...v, tries: (v.tries ?? 0) + 1 } : v)),
        );
        return;
      }
    }
  }

  private read(): QueuedVisit[] {
    try {
      const raw = this.storage.getItem(queueStorageKey(this.userId));
      const parsed: unknown = raw === null ? [] : JSON.parse(raw);
      return Array.isArray(parsed) ? parsed.filter(isQueuedVisit) : [];
    } catch {
      return [];
    }
  }

  private update(change: (queue: QueuedVisit[]) => QueuedVisit[]): void {
    const queue = change(this.read());
    if (queue.length === 0) this.storage.removeItem(queueStorageKey(this.userId));
    // A full storage throws here, and the caller says the visit was not kept.
    else this.storage.setItem(queueStorageKey(this.userId), JSON.stringify(queue));
    this.snapshot = queue;
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}
