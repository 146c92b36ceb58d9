import { useCallback, useState } from 'react';
import { playAlertTone, unlockAudio } from '../alert-tone';

/** Where alerts stand: off until the operator turns them on (browsers require a gesture). */
export type AlertPermission = 'off' | 'granted' | 'denied' | 'unsupported';

function notificationsSupported(): boolean {
  return typeof window !== 'undefined' && 'Notification' in window;
}

function initialPermission(): AlertPermission {
  if (!notificationsSupported()) return 'off';
  // A grant from an earlier visit still needs a click to unlock the sound, so stay "off".
  return Notification.permission === 'denied' ? 'denied' : 'off';
}

/** Sound and browser notification for new red cases, enabled by an explicit button. */
export function useP1Alerts(): {
  permission: AlertPermission;
  enable: () => Promise<void>;
  alert: (title: string, body: string, tag: string, onOpen: () => void) => void;
} {
  const [permission, setPermission] = useState<AlertPermission>(initialPermission);

  const enable = useCallback(async () => {
    unlockAudio();
    if (!notificationsSupported()) {
      setPermission('unsupported');
      return;
    }
    const result = await Notification.requestPermission();
    setPermission(result === 'granted' ? 'granted' : 'denied');
  }, []);

  const alert = useCallback(
    (title: string, body: string, tag: string, onOpen: () => void) => {
      // The tone always plays: it may be blocked before the first click, but never hurts.
      playAlertTone();
      if (permission !== 'granted' || !notificationsSupported()) return;
      // `tag` makes a repeat for the same case replace the earlier notification.
      const notification = new Notification(title, { body, tag, requireInteraction: true });
      notification.onclick = () => {
        window.focus();
        onOpen();
        notification.close();
      };
    },
    [permission],
  );

  return { permission, enable, alert };
}
