import { useCallback, useEffect, useState } from 'react';
import type { TCentre, TCentreSuggestion, TClosureCheck, TReferral } from '@hutong/shared';
import { useApi } from '../../../lib/ApiProvider';
import { useSocketEvent } from '../../../realtime/use-socket-event';
import { closureCheck, listCaseReferrals, listCentres, suggestCentres } from '../api';
import { upsertReferral } from '../referral-list';

/** Everything the referral panel shows for one case. */
export interface CaseReferrals {
  status: 'loading' | 'ready' | 'error';
  error: unknown;
  referrals: TReferral[];
  suggestions: TCentreSuggestion[];
  /** Active centres that are not suggested, for a referral elsewhere. */
  others: TCentre[];
  closure: TClosureCheck | null;
  reload: () => void;
  /** Takes a referral the server answered with (or a live event) into the list. */
  apply: (referral: TReferral) => void;
  setClosure: (closure: TClosureCheck) => void;
}

/** Loads a case's referrals, suggestions and closure check, and keeps them live. */
export function useCaseReferrals(caseId: string, canRefer: boolean): CaseReferrals {
  const api = useApi();
  const [loadCount, setLoadCount] = useState(0);
  const [state, setState] = useState<{
    status: CaseReferrals['status'];
    error: unknown;
    referrals: TReferral[];
    suggestions: TCentreSuggestion[];
    others: TCentre[];
  }>({ status: 'loading', error: null, referrals: [], suggestions: [], others: [] });
  const [closure, setClosure] = useState<TClosureCheck | null>(null);

  const refreshClosure = useCallback(() => {
    closureCheck(api, caseId).then(setClosure, () => setClosure(null));
  }, [api, caseId]);

  useEffect(() => {
    let cancelled = false;
    Promise.all([
      listCaseReferrals(api, caseId),
      canRefer ? suggestCentres(api, caseId) : Promise.resolve({ suggestions: [] }),
      canRefer ? listCentres(api) : Promise.resolve({ centres: [] }),
    ]).then(
      ([{ referrals }, { suggestions }, { centres }]) => {
        if (cancelled) return;
        const suggested = new Set(suggestions.map((s) => s.centre.id));
        setState({
          status: 'ready',
          error: null,
          referrals,
          suggestions,
          others: centres.filter((c) => c.active && !suggested.has(c.id)),
        });
      },
      (error: unknown) => {
        if (!cancelled) setState((s) => ({ ...s, status: 'error', error }));
      },
    );
    refreshClosure();
    return () => {
      cancelled = true;
    };
  }, [api, caseId, canRefer, loadCount, refreshClosure]);

  const apply = useCallback(
    (referral: TReferral) => {
      if (referral.caseId !== caseId) return;
      setState((s) => ({ ...s, referrals: upsertReferral(s.referrals, referral, 'append') }));
      refreshClosure();
    },
    [caseId, refreshClosure],
  );

  // A live event carries the referral without its free text (a decline reason, the outcome
  // notes): take its status at once, then read the case's referrals again for the full text.
  const refresh = useCallback(() => {
    listCaseReferrals(api, caseId).then(
      ({ referrals }) =>
        setState((s) => ({
          ...s,
          referrals: referrals.reduce(
            (list, referral) => upsertReferral(list, referral, 'append'),
            s.referrals,
          ),
        })),
      // The connection indicator explains a failed refresh; the list keeps what it had.
      () => undefined,
    );
  }, [api, caseId]);
  const onEvent = (referral: TReferral) => {
    if (referral.caseId !== caseId) return;
    apply(referral);
    refresh();
  };
  useSocketEvent('referral.created', ({ referral }) => onEvent(referral));
  useSocketEvent('referral.updated', ({ referral }) => onEvent(referral));
  useSocketEvent('sync.resumed', ({ reconnect }) => {
    if (reconnect) setLoadCount((n) => n + 1);
  });

  return {
    ...state,
    closure,
    reload: () => setLoadCount((n) => n + 1),
    apply,
    setClosure,
  };
}
