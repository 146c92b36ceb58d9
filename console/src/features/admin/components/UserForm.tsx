import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, isRegionBound, type Role, type TRegion, type TUserList } from '@hutong/shared';
import { RegionTreeSelect } from '../../../components/RegionTreeSelect';
import type { UserFieldErrors } from '../user-errors';

/** What the account form edits; the username only when creating. */
export interface UserFormValues {
  username: string;
  displayName: string;
  role: Role;
  centreId: string;
  orgId: string;
  regionCode: string;
}

const USERNAME = /^[a-z0-9._-]{3,50}$/i;

/**
 * The fields of an account: username (new accounts only), display name, role, and the centre or
 * reporter organisation the role needs. Checks what it can before asking the server.
 */
export function UserForm({
  mode,
  initial,
  choices,
  busy,
  serverErrors,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  mode: 'create' | 'edit';
  initial: UserFormValues;
  choices: Pick<TUserList, 'centres' | 'orgs'> & { regions: readonly TRegion[] };
  busy: boolean;
  serverErrors: UserFieldErrors;
  submitLabel: string;
  onSubmit: (values: UserFormValues) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [values, setValues] = useState<UserFormValues>(initial);
  const [local, setLocal] = useState<UserFieldErrors>({});
  const errors = { ...serverErrors, ...local };
  const set = <K extends keyof UserFormValues>(key: K, value: UserFormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setLocal((e) => ({ ...e, [key]: undefined }));
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: UserFieldErrors = {};
    if (mode === 'create' && !USERNAME.test(values.username.trim())) {
      found.username = t('admin.errors.usernameInvalid');
    }
    if (values.displayName.trim() === '') found.displayName = t('admin.errors.displayName');
    if (values.role === 'centre_staff' && !values.centreId) {
      found.centreId = t('admin.errors.needCentre');
    }
    if (values.role === 'reporter' && !values.orgId) found.orgId = t('admin.errors.needOrg');
    if (isRegionBound(values.role) && !values.regionCode) {
      found.regionCode = t('admin.errors.needRegion');
    }
    setLocal(found);
    const first = Object.keys(found)[0];
    if (first) {
      document.getElementById(`${id}-${first}`)?.focus();
      return;
    }
    onSubmit(values);
  };

  const described = (field: keyof UserFieldErrors, hint?: string) => {
    const ids = [hint, errors[field] ? `${id}-${field}-error` : undefined].filter(Boolean);
    return ids.length ? ids.join(' ') : undefined;
  };
  const fieldError = (field: keyof UserFieldErrors) =>
    errors[field] ? (
      <p id={`${id}-${field}-error`} className="field-error">
        {errors[field]}
      </p>
    ) : null;

  return (
    <form className="form" onSubmit={submit} noValidate>
      {mode === 'create' && (
        <div className="field">
          <label htmlFor={`${id}-username`}>{t('admin.create.username')}</label>
          <input
            id={`${id}-username`}
            autoComplete="off"
            spellCheck={false}
            value={values.username}
            onChange={(e) => set('username', e.target.value)}
            aria-invalid={errors.username ? true : undefined}
            aria-describedby={described('username', `${id}-username-hint`)}
          />
          <p id={`${id}-username-hint`} className="hint">
            {t('admin.create.usernameHint')}
          </p>
          {fieldError('username')}
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-displayName`}>{t('admin.create.displayName')}</label>
        <input
          id={`${id}-displayName`}
          autoComplete="off"
          value={values.displayName}
          onChange={(e) => set('displayName', e.target.value)}
          aria-invalid={errors.displayName ? true : undefined}
          aria-describedby={described('displayName')}
        />
        {fieldError('displayName')}
      </div>
      <div className="field">
        <label htmlFor={`${id}-role`}>{t('admin.create.role')}</label>
        <select
          id={`${id}-role`}
          value={values.role}
          onChange={(e) => set('role', e.target.value as Role)}
        >
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {t(`roles.${role}`)}
            </option>
          ))}
        </select>
      </div>
      {values.role === 'centre_staff' && (
        <div className="field">
          <label htmlFor={`${id}-centreId`}>{t('admin.create.centre')}</label>
          <select
            id={`${id}-centreId`}
            value={values.centreId}
            onChange={(e) => set('centreId', e.target.value)}
            aria-invalid={errors.centreId ? true : undefined}
            aria-describedby={described('centreId')}
          >
            <option value="">{t('admin.create.choose')}</option>
            {choices.centres.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          {fieldError('centreId')}
        </div>
      )}
      {values.role === 'reporter' && (
        <div className="field">
          <label htmlFor={`${id}-orgId`}>{t('admin.create.org')}</label>
          <select
            id={`${id}-orgId`}
            value={values.orgId}
            onChange={(e) => set('orgId', e.target.value)}
            aria-invalid={errors.orgId ? true : undefined}
            aria-describedby={described('orgId')}
          >
            <option value="">{t('admin.create.choose')}</option>
            {choices.orgs.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
          {fieldError('orgId')}
        </div>
      )}
      {isRegionBound(values.role) && (
        <div className="field">
          <label htmlFor={`${id}-regionCode`}>{t('admin.create.region')}</label>
          <RegionTreeSelect
            id={`${id}-regionCode`}
            regions={choices.regions}
            value={values.regionCode ? [values.regionCode] : []}
            onChange={(codes) => set('regionCode', codes[0] ?? '')}
            placeholder={t('admin.create.choose')}
            invalid={Boolean(errors.regionCode)}
            describedBy={described('regionCode', `${id}-regionCode-hint`)}
          />
          <p id={`${id}-regionCode-hint`} className="hint">
            {t(`admin.create.regionHint_${values.role}`)}
          </p>
          {fieldError('regionCode')}
        </div>
      )}
      <div className="button-row">
        <button type="submit" className="button button--primary" disabled={busy}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            {t('admin.edit.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
