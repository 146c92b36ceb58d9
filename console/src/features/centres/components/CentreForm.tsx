import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppError, CENTRE_KINDS, parsePhone } from '@hutong/shared';
import type { CentreKind, TCentre, TDutyContact, TRegion } from '@hutong/shared';
import { useApi } from '../../../lib/ApiProvider';
import { CENTRE_KIND_LABEL } from '../../dispatch/labels';
import { useLabel, useMessages } from '../../../lib/messages';
import { CENTRES_MESSAGES } from '../messages';
import { errorMessage } from '../../../lib/error-message';
import { RegionPicker } from '../../../components/RegionPicker';
import { RegionTreeSelect } from '../../../components/RegionTreeSelect';
import { createCentre, updateCentre } from '../api';
import { regionName, regionPath } from '../region-paths';

type Errors = Record<string, string>;

/** Creates or edits a centre: name, kind, region, jurisdiction, ordered duty contacts, active. */
export function CentreForm({
  centre,
  regions,
  onSaved,
  onCancel,
}: {
  centre: TCentre | null;
  regions: readonly TRegion[];
  onSaved: (centre: TCentre) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const m = useMessages(CENTRES_MESSAGES);
  const api = useApi();
  const label = useLabel();
  const id = useId();
  const [name, setName] = useState(centre?.name ?? '');
  const [kind, setKind] = useState<CentreKind>(centre?.kind ?? 'county_rescue_centre');
  const [regionCodes, setRegionCodes] = useState<string[]>(() =>
    centre ? regionPath(regions, centre.region.code) : [],
  );
  const [jurisdiction, setJurisdiction] = useState<string[]>(
    centre?.jurisdiction.map((r) => r.code) ?? [],
  );
  const [contacts, setContacts] = useState<TDutyContact[]>(centre?.dutyContacts ?? []);
  const [active, setActive] = useState(centre?.active ?? true);
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The picker's path is empty until regions load; an edited centre keeps its code meanwhile.
  const regionCode = regionCodes.at(-1) ?? centre?.region.code ?? '';

  const validate = (): Errors => {
    const found: Errors = {};
    if (!name.trim()) found.name = m('errors.name');
    if (!regionCode) found.regionCode = m('errors.region');
    contacts.forEach((c, i) => {
      if (!c.label.trim()) found[`dutyContacts.${i}.label`] = m('errors.contactLabel');
      if (!parsePhone(c.phone)?.e164) found[`dutyContacts.${i}.phone`] = m('errors.phone');
    });
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
    const body = {
      name: name.trim(),
      kind,
      regionCode,
      jurisdiction,
      dutyContacts: contacts.map((c) => ({ ...c, label: c.label.trim(), phone: c.phone.trim() })),
      active,
    };
    try {
      onSaved(centre ? await updateCentre(api, centre.id, body) : await createCentre(api, body));
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
  const setContact = (index: number, change: Partial<TDutyContact>) =>
    setContacts((list) => list.map((c, i) => (i === index ? { ...c, ...change } : c)));
  const moveContact = (index: number, by: -1 | 1) =>
    setContacts((list) => {
      const next = [...list];
      const [item] = next.splice(index, 1);
      next.splice(index + by, 0, item!);
      return next;
    });

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
      <h2 id={`${id}-title`}>{centre ? m('editTitle', { name: centre.name }) : m('newTitle')}</h2>
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
          onChange={(event) => setKind(event.target.value as CentreKind)}
        >
          {CENTRE_KINDS.map((k) => (
            <option key={k} value={k}>
              {label(CENTRE_KIND_LABEL[k])}
            </option>
          ))}
        </select>
      </div>
      <fieldset aria-describedby={described('regionCode')}>
        <legend>{m('fields.region')}</legend>
        <RegionPicker regions={regions} value={regionCodes} onChange={setRegionCodes} />
        {fieldError('regionCode')}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-jurisdiction`} id={`${id}-jurisdiction-label`}>
          {m('fields.jurisdiction')}
        </label>
        <p className="hint" id={`${id}-jurisdiction-hint`}>
          {m('jurisdictionHint')}
        </p>
        <RegionTreeSelect
          id={`${id}-jurisdiction`}
          regions={regions}
          checkable
          value={jurisdiction}
          onChange={setJurisdiction}
          placeholder={m('jurisdictionPlaceholder')}
          invalid={Boolean(errors.jurisdiction)}
          describedBy={[`${id}-jurisdiction-hint`, described('jurisdiction')]
            .filter(Boolean)
            .join(' ')}
        />
        {jurisdiction.length > 0 && (
          <p className="muted" data-testid="jurisdiction-summary">
            {jurisdiction.map((code) => regionName(regions, code)).join('；')}
          </p>
        )}
        {fieldError('jurisdiction')}
      </div>
      <fieldset>
        <legend>{m('fields.contacts')}</legend>
        <p className="hint">{m('contactsHint')}</p>
        <ol>
          {contacts.map((contact, index) => (
            <li key={index}>
              <div className="field">
                <label htmlFor={`${id}-c${index}-label`}>
                  {m('contact.label', { n: String(index + 1) })}
                </label>
                <input
                  id={`${id}-c${index}-label`}
                  value={contact.label}
                  maxLength={80}
                  aria-invalid={errors[`dutyContacts.${index}.label`] ? true : undefined}
                  aria-describedby={described(`dutyContacts.${index}.label`)}
                  onChange={(event) => setContact(index, { label: event.target.value })}
                />
                {fieldError(`dutyContacts.${index}.label`)}
              </div>
              <div className="field">
                <label htmlFor={`${id}-c${index}-phone`}>
                  {m('contact.phone', { n: String(index + 1) })}
                </label>
                <input
                  id={`${id}-c${index}-phone`}
                  type="tel"
                  value={contact.phone}
                  placeholder="0751-5321110"
                  aria-invalid={errors[`dutyContacts.${index}.phone`] ? true : undefined}
                  aria-describedby={described(`dutyContacts.${index}.phone`)}
                  onChange={(event) => setContact(index, { phone: event.target.value })}
                />
                {fieldError(`dutyContacts.${index}.phone`)}
              </div>
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={contact.sms ?? true}
                  onChange={(event) => setContact(index, { sms: event.target.checked })}
                />{' '}
                {m('contact.sms', { n: String(index + 1) })}
              </label>
              <div className="actions">
                <button
                  type="button"
                  className="button button--small button--secondary"
                  disabled={index === 0}
                  onClick={() => moveContact(index, -1)}
                >
                  {m('contact.up', { n: String(index + 1) })}
                </button>
                <button
                  type="button"
                  className="button button--small button--secondary"
                  disabled={index === contacts.length - 1}
                  onClick={() => moveContact(index, 1)}
                >
                  {m('contact.down', { n: String(index + 1) })}
                </button>
                <button
                  type="button"
                  className="button button--small button--secondary"
                  onClick={() => setContacts((list) => list.filter((_, i) => i !== index))}
                >
                  {m('contact.remove', { n: String(index + 1) })}
                </button>
              </div>
            </li>
          ))}
        </ol>
        <button
          type="button"
          className="button button--small"
          onClick={() => setContacts((list) => [...list, { label: '', phone: '', sms: true }])}
        >
          {m('contact.add')}
        </button>
      </fieldset>
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
