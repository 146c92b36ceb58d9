import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { AppError, PASSWORD_MIN_LENGTH } from '@hutong/shared';
import { useApi } from '../../../lib/ApiProvider';
import { errorMessage } from '../../../lib/error-message';
import { useMessages } from '../../../lib/messages';
import { useAuth } from '../AuthProvider';
import { changePassword } from '../api';
import { PASSWORD_MESSAGES } from '../messages';

type Field = 'current' | 'next' | 'confirm';

/**
 * Choosing a new password: required after a temporary one (`temporary`), or any time from the
 * account link. Checks what it can before sending; the server's refusals land on their field.
 */
export function ChangePasswordForm({ temporary = false }: { temporary?: boolean }) {
  const { t } = useTranslation();
  const m = useMessages(PASSWORD_MESSAGES);
  const api = useApi();
  const { signedInAs } = useAuth();
  const id = useId();
  const [values, setValues] = useState<Record<Field, string>>({
    current: '',
    next: '',
    confirm: '',
  });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const min = String(PASSWORD_MIN_LENGTH);

  const check = (): Partial<Record<Field, string>> => {
    const found: Partial<Record<Field, string>> = {};
    if (!values.current) found.current = m(temporary ? 'errors.temporary' : 'errors.current');
    if (values.next.length < PASSWORD_MIN_LENGTH) found.next = m('errors.short', { min });
    else if (values.next === values.current) found.next = m('errors.same');
    if (!found.next && values.confirm !== values.next) found.confirm = m('errors.mismatch');
    return found;
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSaved(false);
    const found = check();
    setErrors(found);
    if (Object.keys(found).length > 0) {
      document.getElementById(`${id}-${Object.keys(found)[0]}`)?.focus();
      return;
    }
    setSaving(true);
    try {
      const user = await changePassword(api, {
        currentPassword: values.current,
        newPassword: values.next,
      });
      setValues({ current: '', next: '', confirm: '' });
      setSaved(true);
      signedInAs(user);
    } catch (caught) {
      const data = caught instanceof AppError ? caught.data : undefined;
      if (caught instanceof AppError && caught.code === 'VALIDATION_FAILED' && data) {
        const next = typeof data.newPassword === 'string' ? data.newPassword : '';
        setErrors({
          ...(data.currentPassword ? { current: m('errors.currentWrong') } : {}),
          ...(next
            ? {
                next: next.includes('username') ? m('errors.username') : m('errors.short', { min }),
              }
            : {}),
        });
      } else {
        setError(errorMessage(caught, t));
      }
    } finally {
      setSaving(false);
    }
  };

  const field = (name: Field, label: string, autoComplete: string, hint?: string) => {
    const inputId = `${id}-${name}`;
    const described = [hint ? `${inputId}-hint` : '', errors[name] ? `${inputId}-error` : '']
      .filter(Boolean)
      .join(' ');
    return (
      <div className="field">
        <label htmlFor={inputId}>{label}</label>
        {hint && (
          <p className="hint" id={`${inputId}-hint`}>
            {hint}
          </p>
        )}
        <input
          id={inputId}
          type="password"
          autoComplete={autoComplete}
          required
          value={values[name]}
          onChange={(event) => setValues((v) => ({ ...v, [name]: event.target.value }))}
          aria-invalid={errors[name] ? true : undefined}
          aria-describedby={described || undefined}
        />
        {errors[name] && (
          <p className="field-error" id={`${inputId}-error`}>
            {errors[name]}
          </p>
        )}
      </div>
    );
  };

  return (
    <form className="form" onSubmit={(event) => void onSubmit(event)} noValidate>
      {field('current', temporary ? m('currentTemporary') : m('current'), 'current-password')}
      {field('next', m('next'), 'new-password', m('nextHint', { min }))}
      {field('confirm', m('confirm'), 'new-password')}
      <div role="alert" className="form-error">
        {error}
      </div>
      <p role="status">{saved ? m('saved') : ''}</p>
      <button type="submit" className="button button--primary" disabled={saving}>
        {saving ? m('saving') : m('submit')}
      </button>
    </form>
  );
}
