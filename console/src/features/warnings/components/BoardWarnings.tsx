import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useApi } from '../../../lib/ApiProvider';
import { useMessages } from '../../../lib/messages';
import { useSocketEvent } from '../../../realtime/use-socket-event';
import { listWarnings } from '../api';
import { WARNINGS_MESSAGES } from '../messages';

/**
 * The duty board's count of open warnings on the children's register, kept live by the warning
 * events; nothing at all when it cannot be read (the board itself still shows).
 */
export function BoardWarnings() {
  const m = useMessages(WARNINGS_MESSAGES);
  const api = useApi();
  const [open, setOpen] = useState<number | null>(null);
  const load = useCallback(async () => {
    try {
      setOpen((await listWarnings(api, { status: 'open', pageSize: 1 })).total);
    } catch {
      setOpen(null);
    }
  }, [api]);
  useEffect(() => {
    void load();
  }, [load]);
  useSocketEvent('warning.created', () => void load());
  useSocketEvent('warning.updated', () => void load());
  if (open === null) return null;
  return (
    <p className={open > 0 ? 'board__alert' : undefined}>
      <Link className="link-line" to="/warnings">
        {m('boardLine', { count: String(open) })}
      </Link>
    </p>
  );
}
