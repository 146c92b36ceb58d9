import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  AppError,
  CASE_TRANSITIONS,
  SUPERVISOR_ONLY_TRANSITIONS,
  can,
  type CaseStatus,
  type TCaseDetail,
  type TMe,
  type TransitionProblem,
} from '@hutong/shared';
import { useApi } from '../../../lib/ApiProvider';
import { errorMessage } from '../../../lib/error-message';
import { useSessionGuard } from '../../auth/hooks/use-session-guard';
import { transitionCase } from '../api';

const PROBLEMS: readonly TransitionProblem[] = [
  'not_allowed',
  'same_status',
  'reason_required',
  'supervisor_only',
  'police_not_notified',
];

/** One button per move the state machine allows from here (claiming has its own button). */
export function StatusControls({
  detail,
  me,
  onChanged,
}: {
  detail: TCaseDetail;
  me: TMe;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const guard = useSessionGuard();
  const id = useId();
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const holder = detail.assignee?.id === me.id || can(me.role, 'cases.reassign');
  const moves = CASE_TRANSITIONS[detail.status].filter(
    (to) =>
      !(detail.status === 'new' && to === 'triaging') &&
      !(detail.status === 'triaging' && to === 'new') &&
      (can(me.role, 'cases.reopen') ||
        !SUPERVISOR_ONLY_TRANSITIONS.some(([f, s]) => f === detail.status && s === to)),
  );

  const move = async (to: CaseStatus) => {
    setBusy(true);
    setMessage(null);
    try {
      await transitionCase(api, detail.id, {
        to,
        version: detail.version,
        ...(reason.trim() ? { reason } : {}),
      });
      setReason('');
    } catch (error) {
      if (guard(error)) return;
      const problem = error instanceof AppError ? error.data?.problem : undefined;
      setMessage(
        PROBLEMS.includes(problem as TransitionProblem)
          ? t(`work.status.problems.${problem as TransitionProblem}`, {
              from: t(`status.${detail.status}`),
            })
          : errorMessage(error, t),
      );
    } finally {
      setBusy(false);
      onChanged();
    }
  };

  return (
    <div className="status-controls">
      {detail.closedReason && (
        <p>{t('work.status.closedReason', { reason: detail.closedReason })}</p>
      )}
      {holder && moves.length > 0 && (
        <>
          <div className="field">
            <label htmlFor={`${id}-reason`}>{t('work.status.reason')}</label>
            <input id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          <div className="button-row">
            {moves.map((to) => (
              <button
                key={to}
                type="button"
                className="button"
                disabled={busy}
                onClick={() => void move(to)}
              >
                {t('work.status.moveTo', { status: t(`status.${to}`) })}
              </button>
            ))}
          </div>
        </>
      )}
      <div role="alert" className="form-error">
        {message}
      </div>
    </div>
  );
}
