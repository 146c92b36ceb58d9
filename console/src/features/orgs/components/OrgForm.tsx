import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppError, ORG_KIND_LABEL, ORG_KINDS } from '@hutong/shared';
import type { OrgKind, TOrg, TRegion } from '@hutong/shared';
import { useApi } from '../../../lib/ApiProvider';
import { errorMessage } from '../../../lib/error-message';
import { useLabel, useMessages } from '../../../lib/messages';
import { regionPath } from '../../centres/region-paths';
import { RegionPicker } from '../../../components/RegionPicker';
import { createOrg, updateOrg } from '../api';
import { ORGS_MESSAGES } from '../messages';
import { DateInput } from '../../../components/DateInput';

type Errors = Record<string, string>;

/** Creates or edits a reporting organisation: name, kind, region, responsibility letter, active. */
export function OrgForm({
  org,
  regions,
  onSaved,
  onCancel,
}: {
  org: TOrg | null;
  regions: readonly TRegion[];
  onSaved: (org: TOrg) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const m = useMessages(ORGS_MESSAGES);
  const api = useApi();
  const label = useLabel();
  const id = useId();
  const [name, setName] = useState(org?.name ?? '');
  const [kind, setKind] = useState<OrgKind>(org?.kind ?? 'school');
  const [regionCodes, setRegionCodes] = useState<string[]>(() =>
    org ? regionPath(regions, org.region.code) : [],
  );
  const [letter, setLetter] = useState(org?.letterSignedAt ?? '');
  const [active, setActive] = useState(org?.active ?? true);
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The picker's path is empty until regions load; an edited organisation keeps its code meanwhile.
  const regionCode = regionCodes.at(-1) ?? org?.region.code ?? '';

  const validate = (): Errors => {
    const found: Errors = {};
    if (!name.trim()) found.name = m('errors.name');
    if (!regionCode) found.regionCode = m('errors.region');
    if (letter && !/^\d{4}-\d{2}-\d{2}$/.test(letter)) found.letterSignedAt = m('errors.letter');
    return found;
  };

  const submit = async () => {
    const found = validate();
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setMessage(m('errors.fix'));
      return;
    }
    setBusy(true);
    setMessage(null);
    const body = { name: name.trim(), kind, regionCode, letterSignedAt: letter || null, active };
    try {
      onSaved(org ? await updateOrg(api, org.id, body) : await createOrg(api, body));
    } catch (error) {
      if (error instanceof AppError && error.code === 'VALIDATION_FAILED' && error.data) {
        setErrors(
          Object.fromEntries(
            Object.entries(error.data).map(([field, text]) => [field, String(text)]),
          ),
        );
        setMessage(m('errors.fix'));
      } else {
        setMessage(errorMessage(error, t));
      }
    } finally {
      setBusy(false);
    }
  };

  const fieldError = (key: string) =>
    errors[key] ? (
      <p id={`${id}-${key}-error`} className="field-error">
        {errors[key]}
      </p>
    ) : null;
  const described = (key: string) => (errors[key] ? `${id}-${key}-error` : undefined);

  return (
    <form
      noValidate
      className="panel"
      aria-labelledby={`${id}-title`}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <h2 id={`${id}-title`}>{org ? m('editTitle', { name: org.name }) : m('newTitle')}</h2>
      <div className="field">
        <label htmlFor={`${id}-name`}>{m('fields.name')}</label>
        <input
          id={`${id}-name`}
          value={name}
          maxLength={200}
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={described('name')}
          onChange={(event) => setName(event.target.value)}
        />
        {fieldError('name')}
      </div>
      <div className="field">
        <label htmlFor={`${id}-kind`}>{m('fields.kind')}</label>
        <select
          id={`${id}-kind`}
          value={kind}
          aria-invalid={errors.kind ? true : undefined}
          aria-describedby={described('kind')}
          onChange={(event) => setKind(event.target.value as OrgKind)}
        >
          {ORG_KINDS.map((k) => (
            <option key={k} value={k}>
              {label(ORG_KIND_LABEL[k])}
            </option>
          ))}
        </select>
        {fieldError('kind')}
      </div>
      <fieldset aria-describedby={described('regionCode')}>
        <legend>{m('fields.region')}</legend>
        <RegionPicker regions={regions} value={regionCodes} onChange={setRegionCodes} />
        {fieldError('regionCode')}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-letter`}>{m('fields.letter')}</label>
        <p id={`${id}-letter-hint`} className="hint">
          {m('letterHint')}
        </p>
        <DateInput
          id={`${id}-letter`}
          value={letter}
          invalid={Boolean(errors.letterSignedAt)}
          describedBy={[`${id}-letter-hint`, described('letterSignedAt')].filter(Boolean).join(' ')}
          onChange={setLetter}
        />
        {fieldError('letterSignedAt')}
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={active}
          onChange={(event) => setActive(event.target.checked)}
        />{' '}
        {m('fields.active')}
      </label>
      {message && (
        <p className="notice notice--error" role="alert">
          {message}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? m('saving') : m('save')}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {m('cancel')}
        </button>
      </div>
    </form>
  );
}
