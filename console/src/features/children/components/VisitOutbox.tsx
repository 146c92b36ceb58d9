import './children.css';
import { createContext, useContext, useEffect, useState, useSyncExternalStore } from 'react';
import type { ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Modal } from 'antd';
import { AppError } from '@hutong/shared';
import { useApi } from '../../../lib/ApiProvider';
import { errorMessage } from '../../../lib/error-message';
import { formatDateTime } from '../../../lib/format';
import { useMessages } from '../../../lib/messages';
import { useLanguage } from '../../../lib/use-language';
import { recordVisit } from '../api';
import { CHILDREN_MESSAGES } from '../messages';
import { visitFormValuesOf } from '../visit-form';
import {
  isVisitDataOf,
  queueStorageKey,
  VisitOutbox,
  wipeVisitsOnDevice,
  type QueuedVisit,
} from '../visit-outbox';
import { deviceKey, forgetDeviceKey, SealedStorage } from '../sealed-storage';
import { Loading } from '../../../components/Loading';

/**
 * While visits wait, the queue is sent again soon and then less often — 2 s, 4 s, … up to every
 * 30 s — starting over when the browser says it is back online (a send made at that moment can
 * still fail) and whenever a pass leaves nothing waiting. The `online` event may never come.
 */
const FIRST_RETRY_MS = 2_000;
const RETRY_MS = 30_000;

const OutboxContext = createContext<VisitOutbox | null>(null);

/** Memory only: where the visit data goes when the device cannot encrypt it (nothing kept). */
class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  key = (index: number) => [...this.items.keys()][index] ?? null;
  getItem = (name: string) => this.items.get(name) ?? null;
  setItem = (name: string, value: string) => void this.items.set(name, value);
  removeItem = (name: string) => void this.items.delete(name);
  clear = () => this.items.clear();
}

/**
 * The user's visit data on this device, opened: sealed in localStorage under the user's device
 * key; in memory only if the browser has no IndexedDB or WebCrypto (private modes).
 */
async function openVisitStorage(userId: string): Promise<Storage> {
  try {
    return await SealedStorage.open(await deviceKey(userId), isVisitDataOf(userId));
  } catch {
    return new MemoryStorage();
  }
}

/**
 * The signed-in user's visits waiting on this device: sent at start, when the browser says it is
 * back online, and again while any wait (soon, then up to every 30 s: see `FIRST_RETRY_MS`);
 * another tab's changes are read from storage. The
 * pages below wait (a moment) for the encrypted storage to open.
 */
export function VisitOutboxProvider({ userId, children }: { userId: string; children: ReactNode }) {
  const api = useApi();
  const { t } = useTranslation();
  const [outbox, setOutbox] = useState<VisitOutbox | null>(null);

  useEffect(() => {
    let cancelled = false;
    let stop = () => undefined as void;
    void openVisitStorage(userId).then((storage) => {
      if (cancelled) return;
      const opened = new VisitOutbox({
        userId,
        storage,
        send: (visit) => recordVisit(api, visit.childId, visit.body, visit.key),
        ...(typeof navigator !== 'undefined' && navigator.locks ? { locks: navigator.locks } : {}),
      });
      let wait = FIRST_RETRY_MS;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const waiting = () => opened.entries().some((v) => v.state === 'queued');
      const retryLater = () => {
        if (cancelled || timer !== undefined || !waiting()) return;
        timer = setTimeout(flush, wait);
        wait = Math.min(wait * 2, RETRY_MS);
      };
      const flush = () => {
        clearTimeout(timer);
        timer = undefined;
        void opened.flush().then(() => {
          if (!waiting()) wait = FIRST_RETRY_MS;
          retryLater();
        });
      };
      const online = () => {
        wait = FIRST_RETRY_MS;
        flush();
      };
      // A visit the form queued (its own send got no answer) is tried again too.
      const unsubscribe = opened.subscribe(retryLater);
      const owns = isVisitDataOf(userId);
      const onStorage = (event: StorageEvent) => {
        if (event.key === null || !owns(event.key) || !(storage instanceof SealedStorage)) return;
        const name = event.key;
        void storage.refresh(name).then(() => {
          if (name === queueStorageKey(userId)) opened.reload();
        });
      };
      flush();
      window.addEventListener('online', online);
      window.addEventListener('storage', onStorage);
      stop = () => {
        window.removeEventListener('online', online);
        window.removeEventListener('storage', onStorage);
        unsubscribe();
        clearTimeout(timer);
      };
      setOutbox(opened);
    });
    return () => {
      cancelled = true;
      stop();
    };
  }, [api, userId]);

  if (!outbox) return <Loading label={t('app.loading')} />;
  return <OutboxContext.Provider value={outbox}>{children}</OutboxContext.Provider>;
}

/**
 * The shell's sign-out button. Signing out deletes the user's visits and drafts from the device;
 * visits not yet sent (waiting, or refused and needing attention) are said first, and the user
 * chooses between staying signed in (to send them) and signing out anyway.
 */
export function SignOutButton({ label, onSignOut }: { label: string; onSignOut: () => void }) {
  const m = useMessages(CHILDREN_MESSAGES);
  const outbox = useContext(OutboxContext);
  const unsent = useQueuedVisits()?.length ?? 0;
  const [asking, setAsking] = useState(false);
  const signOut = () => {
    if (outbox) {
      outbox.wipe();
      wipeVisitsOnDevice(outbox.userId);
      // Without its key, anything of the user's still on the device cannot be read.
      void forgetDeviceKey(outbox.userId).catch(() => undefined);
    }
    setAsking(false);
    onSignOut();
  };
  return (
    <>
      <button
        type="button"
        className="button button--small"
        onClick={() => (unsent > 0 ? setAsking(true) : signOut())}
      >
        {label}
      </button>
      <Modal
        open={asking}
        title={m('signOut.title')}
        okText={m('signOut.anyway')}
        okButtonProps={{ danger: true }}
        cancelText={m('signOut.stay')}
        onOk={signOut}
        onCancel={() => setAsking(false)}
      >
        <p>{m('signOut.unsent', { count: String(unsent) })}</p>
      </Modal>
    </>
  );
}

/** The enclosing VisitOutboxProvider's outbox (the signed-in console has one). */
export function useVisitOutbox(): VisitOutbox {
  const outbox = useContext(OutboxContext);
  if (!outbox) throw new Error('useVisitOutbox needs a VisitOutboxProvider above it');
  return outbox;
}

/** The visits waiting on this device, live; null outside a provider. */
export function useQueuedVisits(): readonly QueuedVisit[] | null {
  const outbox = useContext(OutboxContext);
  return useSyncExternalStore(outbox?.subscribe ?? noSubscribe, outbox?.entries ?? noEntries);
}

const noSubscribe = () => () => undefined;
const noEntries = () => null;

/** Calls `onSent` for each visit to `childId` that the server confirms from the queue. */
export function useVisitSent(childId: string, onSent: () => Promise<void>): void {
  const outbox = useContext(OutboxContext);
  useEffect(
    () =>
      outbox?.onSent((visit) => {
        if (visit.childId === childId) void onSent();
      }),
    [outbox, childId, onSent],
  );
}

/**
 * The shell's plain words about visits on this phone: how many wait to be sent (with "send
 * now"), that those which waited have been sent, and each one the server refused, with its
 * reason, to take back into the form or discard.
 */
export function VisitOutboxNotice() {
  const m = useMessages(CHILDREN_MESSAGES);
  const { t } = useTranslation();
  const [language] = useLanguage();
  const navigate = useNavigate();
  const outbox = useContext(OutboxContext);
  const visits = useQueuedVisits() ?? [];
  const [sent, setSent] = useState(0);
  const [sending, setSending] = useState(false);

  useEffect(
    () =>
      outbox?.onSent((visit) => {
        if ((visit.tries ?? 0) > 0) setSent((n) => n + 1);
      }),
    [outbox],
  );

  if (!outbox) return null;
  const queued = visits.filter((v) => v.state === 'queued');
  const attention = visits.filter((v) => v.state === 'attention');

  return (
    <>
      {queued.length > 0 && (
        <Alert
          banner
          type="warning"
          role="status"
          className="visit-outbox"
          data-testid="visit-outbox-queued"
          title={m('outbox.queued', { count: String(queued.length) })}
          action={
            <Button
              size="small"
              loading={sending}
              onClick={() => {
                setSending(true);
                void outbox.flush().finally(() => setSending(false));
              }}
            >
              {m('outbox.sendNow')}
            </Button>
          }
        />
      )}
      {sent > 0 && queued.length === 0 && (
        <Alert
          banner
          type="success"
          role="status"
          className="visit-outbox"
          data-testid="visit-outbox-sent"
          title={m('outbox.sent', { count: String(sent) })}
          closable={{ 'aria-label': m('outbox.close') }}
          onClose={() => setSent(0)}
        />
      )}
      {attention.length > 0 && (
        <Alert
          banner
          type="error"
          role="alert"
          className="visit-outbox"
          data-testid="visit-outbox-attention"
          title={m('outbox.attention', { count: String(attention.length) })}
          description={
            <ul className="visit-outbox__items">
              {attention.map((visit) => (
                <li key={visit.key} data-queued-visit={visit.key}>
                  <Link to={`/children/${visit.childId}`}>
                    {m('outbox.item', {
                      date: formatDateTime(visit.body.visitedAt, language),
                      error: problemText(visit, t),
                    })}
                  </Link>
                  <span className="visit-outbox__actions">
                    <Button
                      size="small"
                      onClick={() => {
                        // The photos go with it, in the page's state; the form keeps them in its draft.
                        const photos = outbox.photosOf(visit);
                        outbox.saveDraft(visit.childId, visitFormValuesOf(visit.body));
                        outbox.discard(visit.key);
                        void navigate(
                          `/children/${visit.childId}/visit`,
                          photos.length > 0 ? { state: { photos } } : undefined,
                        );
                      }}
                    >
                      {m('outbox.edit')}
                    </Button>
                    <Button size="small" danger onClick={() => outbox.discard(visit.key)}>
                      {m('outbox.discard')}
                    </Button>
                  </span>
                </li>
              ))}
            </ul>
          }
        />
      )}
    </>
  );
}

/** The server's refusal in the reader's words (its code, never free text from the visit). */
function problemText(visit: QueuedVisit, t: Parameters<typeof errorMessage>[1]): string {
  const problem = visit.problem;
  if (!problem) return '';
  const error = new AppError(problem.code as AppError['code'], {
    message: problem.message,
    ...(problem.data ? { data: problem.data } : {}),
  });
  return errorMessage(error, t);
}
