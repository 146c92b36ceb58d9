import { useEffect, useRef, useState } from 'react';
import { lockHolder, type TCaseViewer } from '@hutong/shared';
import { useApi } from '../../../lib/ApiProvider';
import { useCaseStream } from '../../../realtime/SocketProvider';
import { useSocketEvent } from '../../../realtime/use-socket-event';
import { caseViewers } from '../api';

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
  const asked = useRef(new Set<string>());

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

  // Someone new: read the names (staff names, from the route that checks access to the case).
  const unknown = viewers.some((v) => v.userId !== meId && !asked.current.has(v.userId));
  useEffect(() => {
    if (!unknown) return;
    const ids = viewers.map((v) => v.userId).filter((id) => !asked.current.has(id));
    for (const id of ids) asked.current.add(id);
    // Not cancelled on a re-run: the names are worth keeping whenever they come.
    caseViewers(api, caseId).then(
      (list) => {
        setNames((previous) => {
          const next = new Map(previous);
          for (const v of list) next.set(v.userId, v.displayName);
          return next;
        });
      },
      // The names stay unknown ("someone"); the next change asks again.
      () => {
        for (const id of ids) asked.current.delete(id);
      },
    );
  }, [api, caseId, unknown, viewers]);

  const named = viewers.map((v) => ({ ...v, displayName: names.get(v.userId) ?? null }));
  const holder = lockHolder(named);
  return {
    others: named.filter((v) => v.userId !== meId),
    lockedBy: holder && holder.userId !== meId ? holder : null,
  };
}
