import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { audioState, onAudioStateChange, playAlertTone, unlockAudio } from '../alert-tone';

/** Where alerts stand: off until the operator turns them on (browsers require a gesture). */
type AlertPermission = 'off' | 'granted' | 'denied' | 'unsupported';

/** The P1 alerts of one signed-in user: their opt-in, the browser's permissions, and `alert`. */
export interface P1Alerts {
  /** `off` until turned on; then what the browser allows for desktop notifications. */
  permission: AlertPermission;
  /** On, but the browser muted the tone since the page loaded: one click brings it back. */
  soundSuspended: boolean;
  enable: () => Promise<void>;
  disable: () => void;
  /** Call from a click: lets the tone sound again after a reload. */
  resumeSound: () => void;
  alert: (title: string, body: string, tag: string, onOpen: () => void) => void;
}

/**
 * localStorage key of a user's opt-in ("on" or absent), one per user so a shared desk
 * computer keeps each operator's choice. WARNING: browsers keep it; never rename.
 */
export function alertsStorageKey(userId: string): string {
  return `hutong.p1Alerts.${userId}`;
}

function readOptIn(userId: string | null): boolean {
  if (userId === null) return false;
  try {
    return localStorage.getItem(alertsStorageKey(userId)) === 'on';
  } catch {
    return false;
  }
}

function storeOptIn(userId: string | null, on: boolean): void {
  if (userId === null) return;
  try {
    if (on) localStorage.setItem(alertsStorageKey(userId), 'on');
    else localStorage.removeItem(alertsStorageKey(userId));
  } catch {
    // Private modes may forbid storage; the choice then lasts until the page is reloaded.
  }
}

function notificationsSupported(): boolean {
  return typeof window !== 'undefined' && 'Notification' in window;
}

function browserPermission(): Exclude<AlertPermission, 'off'> {
  if (!notificationsSupported()) return 'unsupported';
  return Notification.permission === 'granted' ? 'granted' : 'denied';
}

/**
 * The alerts state for `userId` (remembered across reloads), or for nobody (not remembered).
 * The shell holds one for the signed-in user in `P1AlertsContext` (keyed by user, so a new
 * sign-in reads its own choice).
 */
export function useP1AlertsState(userId: string | null): P1Alerts {
  const [enabled, setEnabled] = useState(() => readOptIn(userId));
  const [permission, setPermission] = useState(browserPermission);
  const [sound, setSound] = useState(() => (readOptIn(userId) ? audioState() : 'unsupported'));

  useEffect(() => {
    if (!enabled) return;
    setSound(audioState());
    return onAudioStateChange(() => setSound(audioState()));
  }, [enabled]);

  const enable = useCallback(async () => {
    unlockAudio();
    storeOptIn(userId, true);
    setEnabled(true);
    setSound(audioState());
    if (!notificationsSupported()) return;
    const result = await Notification.requestPermission();
    setPermission(result === 'granted' ? 'granted' : 'denied');
  }, [userId]);

  const disable = useCallback(() => {
    storeOptIn(userId, false);
    setEnabled(false);
  }, [userId]);

  const resumeSound = useCallback(() => {
    unlockAudio();
    setSound(audioState());
  }, []);

  const alert = useCallback(
    (title: string, body: string, tag: string, onOpen: () => void) => {
      // The tone always plays: it may be blocked before the first click, but never hurts.
      playAlertTone();
      if (!enabled || !notificationsSupported() || Notification.permission !== 'granted') return;
      // `tag` makes a repeat for the same case replace the earlier notification.
      const notification = new Notification(title, { body, tag, requireInteraction: true });
      notification.onclick = () => {
        window.focus();
        onOpen();
        notification.close();
      };
    },
    [enabled],
  );

  return useMemo(
    () => ({
      permission: enabled ? permission : 'off',
      soundSuspended: enabled && sound === 'suspended',
      enable,
      disable,
      resumeSound,
      alert,
    }),
    [enabled, permission, sound, enable, disable, resumeSound, alert],
  );
}

/** The signed-in user's alerts, provided by the console shell. */
export const P1AlertsContext = createContext<P1Alerts | null>(null);

/** Sound and browser notification for new red cases: the shell's, or a local one outside it. */
export function useP1Alerts(): P1Alerts {
  const local = useP1AlertsState(null);
  return useContext(P1AlertsContext) ?? local;
}
