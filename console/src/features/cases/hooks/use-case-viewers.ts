import { useEffect, useRef, useState } from 'react';
import { lockHolder, type TCaseViewer } from '@hutong/shared';
import { useApi } from '../../../lib/ApiProvider';
import { useCaseStream } from '../../../realtime/SocketProvider';
import { useSocketEvent } from '../../../realtime/use-socket-event';
import { caseViewers } from '../api';

/** Reads of the names per person at most, and the pause between them. */
const NAME_READS = 5;
const NAME_RETRY_MS = 1_000;

/** Someone else with the case open, named. */
export type NamedViewer = TCaseViewer & { displayName: string | null };

/**
 * The presence lock's console half: says (live) that this console has the case open and whether
 * it is editing, and keeps the list of the others in it. Names are read once per person from the
 * server; the socket carries ids only. `lockedBy` is the other person whose edit came first.
 */
export function useCaseViewers(
  caseId: string,
  meId: string,
  editing: boolean,
): { others: NamedViewer[]; lockedBy: NamedViewer | null } {
  const api = useApi();
  const stream = useCaseStream();
  const [viewers, setViewers] = useState<TCaseViewer[]>([]);
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  /** Names being read, and how many reads each person has had. */
  const reading = useRef(new Set<string>());
  const reads = useRef(new Map<string, number>());
  const [retry, setRetry] = useState(0);

  useEffect(() => {
    stream?.watchCase(caseId, editing);
  }, [stream, caseId, editing]);
  useEffect(() => {
    setViewers([]);
    return () => stream?.unwatchCase(caseId);
  }, [stream, caseId]);

  useSocketEvent('case.viewers.updated', (payload) => {
    if (payload.caseId === caseId) setViewers(payload.viewers);
  });

  // Someone not yet named: read the names (staff names, from the route that checks access to the
  // case). A read that fails, or answers before that person is in its list, is tried again a
  // moment later — a few times, not for ever — instead of leaving them "someone" until the list
  // changes (a failed read on a loaded server left the lock's holder unnamed).
  const unnamed = viewers
    .map((v) => v.userId)
    .filter(
      (id) =>
        id !== meId &&
        !names.has(id) &&
        !reading.current.has(id) &&
        (reads.current.get(id) ?? 0) < NAME_READS,
    );
  const toRead = unnamed.join(',');
  useEffect(() => {
    if (!toRead) return;
    const ids = toRead.split(',');
    for (const id of ids) {
      reading.current.add(id);
      reads.current.set(id, (reads.current.get(id) ?? 0) + 1);
    }
    // Not cancelled on a re-run: the names are worth keeping whenever they come.
    let timer: ReturnType<typeof setTimeout> | undefined;
    caseViewers(api, caseId)
      .then(
        (list) => {
          setNames((previous) => {
            const next = new Map(previous);
            for (const v of list) next.set(v.userId, v.displayName);
            return next;
          });
        },
        () => undefined,
      )
      .finally(() => {
        for (const id of ids) reading.current.delete(id);
        timer = setTimeout(() => setRetry((n) => n + 1), NAME_RETRY_MS);
      });
    return () => clearTimeout(timer);
  }, [api, caseId, toRead, retry]);

  const named = viewers.map((v) => ({ ...v, displayName: names.get(v.userId) ?? null }));
  const holder = lockHolder(named);
  return {
    others: named.filter((v) => v.userId !== meId),
    lockedBy: holder && holder.userId !== meId ? holder : null,
  };
}
