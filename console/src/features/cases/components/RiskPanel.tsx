import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PRIORITIES, type Priority, type TCaseDetail } from '@hutong/shared';
import { useApi } from '../../../lib/ApiProvider';
import { errorMessage } from '../../../lib/error-message';
import { priorityLabel } from '../../../lib/format';
import { useLanguage } from '../../../lib/use-language';
import { useSessionGuard } from '../../auth/hooks/use-session-guard';
import { overridePriority } from '../api';
import { PriorityBadge } from './PriorityBadge';

/** The risk level with its reasons, the override in force, and a form to override it. */
export function RiskPanel({
  detail,
  mayChange,
  onChanged,
}: {
  detail: TCaseDetail;
  mayChange: boolean;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const [language] = useLanguage();
  const api = useApi();
  const guard = useSessionGuard();
  const id = useId();
  const [priority, setPriority] = useState<Priority>(detail.priority);
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const computed = detail.priorityReasons[0]?.priority;

  const submit = async () => {
    if (!reason.trim()) {
      setMessage(t('work.riskLevel.reasonRequired'));
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      await overridePriority(api, detail.id, { priority, reason, version: detail.version });
      setReason('');
    } catch (error) {
      if (guard(error)) return;
      setMessage(errorMessage(error, t));
    } finally {
      setBusy(false);
      onChanged();
    }
  };

  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('work.riskLevel.title')}</h2>
      <p>
        <PriorityBadge priority={detail.priority} />
      </p>
      {detail.priorityOverride && (
        <p>
          {t('work.riskLevel.overridden', {
            name: detail.priorityOverride.by.displayName,
            reason: detail.priorityOverride.reason,
          })}
        </p>
      )}
      {computed && (
        <p className="muted">
          {t('work.riskLevel.computed', { priority: priorityLabel(computed, language) })}
        </p>
      )}
      {mayChange && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <h3>{t('work.riskLevel.override')}</h3>
          <div className="field">
            <label htmlFor={`${id}-priority`}>{t('work.riskLevel.priority')}</label>
            <select
              id={`${id}-priority`}
              value={priority}
              onChange={(e) => setPriority(e.target.value as Priority)}
            >
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {priorityLabel(p, language)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-reason`}>{t('work.riskLevel.reason')}</label>
            <input id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          <button type="submit" className="button" disabled={busy}>
            {t('work.riskLevel.save')}
          </button>
          <div role="alert" className="form-error">
            {message}
          </div>
        </form>
      )}
    </section>
  );
}
