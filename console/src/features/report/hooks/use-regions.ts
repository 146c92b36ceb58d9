import { useEffect, useState } from 'react';
import type { TRegion } from '@hutong/shared';
import { useApi } from '../../../lib/ApiProvider';
import { listRegions } from '../api';

/** The region list for the picker; on failure the form still works with the address alone. */
export function useRegions(): { status: 'loading' | 'ready' | 'error'; regions: TRegion[] } {
  const api = useApi();
  const [state, setState] = useState<{ status: 'loading' | 'ready' | 'error'; regions: TRegion[] }>(
    { status: 'loading', regions: [] },
  );
  useEffect(() => {
    let cancelled = false;
    listRegions(api).then(
      (regions) => {
        if (!cancelled) setState({ status: 'ready', regions });
      },
      () => {
        if (!cancelled) setState({ status: 'error', regions: [] });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api]);
  return state;
}
