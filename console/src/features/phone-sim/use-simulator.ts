import { useEffect, useState } from 'react';
import { useApi } from '../../lib/ApiProvider';
import { simHealth } from './api';

/**
 * Whether the backend runs the phone simulator (demo mode without a Twilio account):
 * `/api/dev/sim/health` answers 404 otherwise. Null while asking.
 */
export function useSimulatorAvailable(): boolean | null {
  const api = useApi();
  const [available, setAvailable] = useState<boolean | null>(null);
  useEffect(() => {
    let cancelled = false;
    simHealth(api).then(
      () => !cancelled && setAvailable(true),
      () => !cancelled && setAvailable(false),
    );
    return () => {
      cancelled = true;
    };
  }, [api]);
  return available;
}
