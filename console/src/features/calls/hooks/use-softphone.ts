import { createContext, useContext, useSyncExternalStore } from 'react';
import type { Softphone, SoftphoneState } from '../softphone';

/** The signed-in operator's softphone; null before it is set up or for roles that never answer. */
export const SoftphoneContext = createContext<Softphone | null>(null);

/** The softphone of the enclosing CallsProvider, if any. */
export function useSoftphone(): Softphone | null {
  return useContext(SoftphoneContext);
}

const IDLE: SoftphoneState = { status: 'idle', call: null, error: null };

/** The softphone's state, re-rendering on every change. */
export function useSoftphoneState(softphone: Softphone | null): SoftphoneState {
  return useSyncExternalStore(
    (onChange) => (softphone ? softphone.subscribe(onChange) : () => undefined),
    () => (softphone ? softphone.getState() : IDLE),
  );
}
