import { useId, useState } from 'react';
import { useMessages } from '../../dispatch/labels';
import { INBOX_MESSAGES } from '../messages';
import { OUTCOME_ACTIONS } from '@hutong/shared';
import type { OutcomeAction, TReferralOutcomeInput } from '@hutong/shared';
import { OUTCOME_ACTION_LABEL, useLabel } from '../../dispatch/labels';

/** Today's date in the browser's time zone, as `YYYY-MM-DD`. */
function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** What the centre did: at least one action, the date (not in the future), notes. */
export function OutcomeForm({
  busy,
  onSubmit,
}: {
  busy: boolean;
  onSubmit: (outcome: TReferralOutcomeInput) => Promise<boolean>;
}) {
  const m = useMessages(INBOX_MESSAGES);
  const label = useLabel();
  const id = useId();
  const [actions, setActions] = useState<OutcomeAction[]>([]);
  const [date, setDate] = useState(today);
  const [notes, setNotes] = useState('');
  const [errors, setErrors] = useState<{ actions?: string; date?: string }>({});

  const submit = () => {
    const next: { actions?: string; date?: string } = {};
    if (actions.length === 0) next.actions = m('outcome.actionsRequired');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) next.date = m('outcome.dateRequired');
    else if (date > today()) next.date = m('outcome.dateFuture');
    setErrors(next);
    if (next.actions || next.date) return;
    void onSubmit({ actions, date, notes: notes.trim() });
  };

  return (
    <form
      noValidate
      aria-labelledby={`${id}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <h3 id={`${id}-title`}>{m('outcome.title')}</h3>
      <fieldset
        aria-invalid={errors.actions ? true : undefined}
        aria-describedby={errors.actions ? `${id}-actions-error` : undefined}
      >
        <legend>{m('outcome.actions')}</legend>
        {OUTCOME_ACTIONS.map((action) => (
          <label key={action} className="checkbox">
            <input
              type="checkbox"
              checked={actions.includes(action)}
              onChange={(event) =>
                setActions((list) =>
                  event.target.checked ? [...list, action] : list.filter((a) => a !== action),
                )
              }
            />{' '}
            {label(OUTCOME_ACTION_LABEL[action])}
          </label>
        ))}
        {errors.actions && (
          <p id={`${id}-actions-error`} className="field-error">
            {errors.actions}
          </p>
        )}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-date`}>{m('outcome.date')}</label>
        <input
          id={`${id}-date`}
          type="date"
          value={date}
          max={today()}
          aria-invalid={errors.date ? true : undefined}
          aria-describedby={errors.date ? `${id}-date-error` : undefined}
          onChange={(event) => setDate(event.target.value)}
        />
        {errors.date && (
          <p id={`${id}-date-error`} className="field-error">
            {errors.date}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-notes`}>{m('outcome.notes')}</label>
        <textarea
          id={`${id}-notes`}
          value={notes}
          maxLength={4000}
          rows={3}
          onChange={(event) => setNotes(event.target.value)}
        />
      </div>
      <button type="submit" className="button" disabled={busy}>
        {m('outcome.submit')}
      </button>
    </form>
  );
}
