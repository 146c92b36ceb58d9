import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TCaseDetail, TUserRef } from '@hutong/shared';
import { useApi } from '../../../lib/ApiProvider';
import { errorMessage } from '../../../lib/error-message';
import { useSessionGuard } from '../../auth/hooks/use-session-guard';
import { listAssignees, reassignCase } from '../api';

/** Supervisors hand an open case to another operator. */
export function ReassignControl({
  detail,
  onChanged,
}: {
  detail: TCaseDetail;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const guard = useSessionGuard();
  const id = useId();
  const [users, setUsers] = useState<TUserRef[]>([]);
  const [chosen, setChosen] = useState('');
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    listAssignees(api).then(
      (list) => {
        if (!cancelled) setUsers(list);
      },
      (error: unknown) => {
        if (!cancelled && !guard(error)) setMessage(errorMessage(error, t));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, guard, t]);

  const submit = async () => {
    const user = users.find((u) => u.id === chosen);
    if (!user) return;
    setMessage(null);
    try {
      await reassignCase(api, detail.id, user.id);
      setMessage(t('work.reassign.done', { name: user.displayName }));
    } catch (error) {
      if (guard(error)) return;
      setMessage(errorMessage(error, t));
    } finally {
      onChanged();
    }
  };

  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-user`}>{t('work.reassign.label')}</label>
        <select id={`${id}-user`} value={chosen} onChange={(e) => setChosen(e.target.value)}>
          <option value="">{t('work.reassign.choose')}</option>
          {users
            .filter((u) => u.id !== detail.assignee?.id)
            .map((u) => (
              <option key={u.id} value={u.id}>
                {u.displayName}
              </option>
            ))}
        </select>
      </div>
      <button type="submit" className="button" disabled={!chosen}>
        {t('work.reassign.submit')}
      </button>
      <p role="status">{message}</p>
    </form>
  );
}
