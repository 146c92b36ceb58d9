import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button } from 'antd';
import {
  CATEGORY_META,
  needsPolice,
  CHILD_CIRCUMSTANCES,
  GUARDIANSHIP_SITUATIONS,
  RISK_FACTORS,
  SEXES,
  SITUATION_CATEGORIES,
  SUSPECT_RELATIONSHIPS,
  type GuardianshipSituation,
  type Sex,
  type SuspectRelationship,
  type TAssessedChild,
  type TAssessment,
  type TCaseDetail,
  type TRegion,
} from '@hutong/shared';
import {
  CategoryChecklist,
  CheckboxList,
  FieldError,
  TextField,
} from '../../../components/form-kit';
import { RegionPicker } from '../../report/components/RegionPicker';
import { useRegions } from '../../report/hooks/use-regions';
import { useMessages } from '../../../lib/messages';
import type { SaveState } from '../hooks/use-assessment-autosave';
import { CASE_VIEW_MESSAGES } from '../messages';
import { BeijingDateTimeInput, beijingToday, DateInput } from '../../../components/DateInput';

const MANDATORY = SITUATION_CATEGORIES.filter((c) => CATEGORY_META[c].mandatory !== null);
const HELPLINE = SITUATION_CATEGORIES.filter((c) => CATEGORY_META[c].mandatory === null);

/** The path from the root to a region, for the cascading picker. */
function regionPath(regions: readonly TRegion[], code: string | undefined): string[] {
  if (!code) return [];
  const byCode = new Map(regions.map((r) => [r.code, r]));
  const path: string[] = [];
  for (let r = byCode.get(code); r; r = r.parentCode ? byCode.get(r.parentCode) : undefined)
    path.unshift(r.code);
  return path;
}

function toggle<T>(list: readonly T[] | undefined, value: T, on: boolean): T[] {
  const rest = (list ?? []).filter((v) => v !== value);
  return on ? [...rest, value] : rest;
}

/**
 * Why the form is locked: nobody has claimed the case, someone else holds it, the role, or
 * someone else is editing it now (the presence lock, with their name).
 */
export type AssessmentLock = 'unclaimed' | 'held' | 'role' | { editing: string | null } | null;

/**
 * The structured assessment. Every change goes through `onChange`; the parent autosaves.
 * Field errors are tied to their inputs with aria-describedby and listed in an alert. A locked
 * form says why and never claims to be saved; a draft taken from the reports waits for
 * `onConfirm`.
 */
export function AssessmentForm({
  detail,
  draft,
  onChange,
  state,
  readOnly,
  lock = readOnly ? 'unclaimed' : null,
  onConfirm,
}: {
  detail: TCaseDetail;
  draft: TAssessment;
  onChange: (update: (previous: TAssessment) => TAssessment) => void;
  state: SaveState;
  readOnly: boolean;
  lock?: AssessmentLock;
  onConfirm?: () => void;
}) {
  const { t } = useTranslation();
  const m = useMessages(CASE_VIEW_MESSAGES);
  const id = useId();
  const regions = useRegions();
  const errors = state.status === 'invalid' ? state.errors : {};
  const path = useMemo(
    // Until the operator picks a place, the picker starts from where the reports put the child.
    () => regionPath(regions.regions, draft.location?.regionCode ?? detail.region?.code),
    [regions.regions, draft.location?.regionCode, detail.region?.code],
  );
  const children = draft.children ?? [];
  const suspects = draft.suspects ?? [];
  const categories = draft.categories?.length ? draft.categories : detail.categories;
  const policeNeeded = needsPolice(categories);

  const error = (key: string) =>
    errors[key] ? <FieldError id={`${id}-${key}-error`}>{errors[key]}</FieldError> : null;
  const described = (key: string) => (errors[key] ? `${id}-${key}-error` : undefined);
  const setChild = (index: number, patch: Partial<TAssessedChild>) =>
    onChange((d) => ({ ...d, children: patchAt(d.children, index, patch) }));
  const setSuspect = (
    index: number,
    patch: Partial<NonNullable<TAssessment['suspects']>[number]>,
  ) => onChange((d) => ({ ...d, suspects: patchAt(d.suspects, index, patch) }));

  return (
    <section className="card assessment" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('work.assessment.title')}</h2>
      {readOnly ? (
        <Alert
          type="warning"
          showIcon
          className="assessment__locked"
          title={typeof lock === 'object' && lock ? m('editingTitle') : m('lockedTitle')}
          description={
            <>
              <p>
                {typeof lock === 'object' && lock
                  ? m('lockedEditing', { name: lock.editing ?? m('someoneElse') })
                  : lock === 'held' && detail.assignee
                    ? m('lockedByOther', { name: detail.assignee.displayName })
                    : lock === 'role'
                      ? m('lockedNoRole')
                      : t('work.assessment.readOnly')}
              </p>
              {state.status === 'unconfirmed' && <p>{m('prefilledLocked')}</p>}
            </>
          }
        />
      ) : (
        <>
          <p className="muted">{t('work.assessment.hint')}</p>
          {state.status === 'unconfirmed' && (
            <Alert
              type="info"
              showIcon
              className="assessment__prefilled"
              title={m('prefilledTitle')}
              description={m('prefilled')}
              action={
                onConfirm && (
                  <Button type="primary" onClick={onConfirm}>
                    {m('confirmPrefill')}
                  </Button>
                )
              }
            />
          )}
          <SaveStatus state={state} />
        </>
      )}
      <fieldset disabled={readOnly} className="assessment__fields">
        <fieldset>
          <legend>{t('work.assessment.children')}</legend>
          {children.map((child, index) => {
            const p = `children.${index}`;
            return (
              <fieldset key={index} className="assessment__child">
                <legend>{t('work.assessment.child', { n: String(index + 1) })}</legend>
                <TextField
                  id={`${id}-${p}-name`}
                  label={t('work.assessment.name')}
                  value={child.name ?? ''}
                  onChange={(name) => setChild(index, { name })}
                />
                <div className="field">
                  <label htmlFor={`${id}-${p}-sex`}>{t('work.assessment.sex')}</label>
                  <select
                    id={`${id}-${p}-sex`}
                    value={child.sex ?? ''}
                    onChange={(e) =>
                      setChild(index, { sex: (e.target.value || undefined) as Sex | undefined })
                    }
                  >
                    <option value="">{t('work.assessment.sexUnset')}</option>
                    {SEXES.map((s) => (
                      <option key={s} value={s}>
                        {t(`work.sexes.${s}`)}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor={`${id}-${p}-age`}>{t('work.assessment.age')}</label>
                  <input
                    id={`${id}-${p}-age`}
                    type="number"
                    inputMode="numeric"
                    min={0}
                    max={17}
                    value={child.age ?? ''}
                    aria-invalid={errors[`${p}.age`] ? true : undefined}
                    aria-describedby={described(`${p}.age`)}
                    onChange={(e) =>
                      setChild(index, {
                        age: e.target.value === '' ? undefined : Number(e.target.value),
                      })
                    }
                  />
                  {error(`${p}.age`)}
                </div>
                <div className="field">
                  <label htmlFor={`${id}-${p}-birth`}>{t('work.assessment.birthDate')}</label>
                  <DateInput
                    id={`${id}-${p}-birth`}
                    value={child.birthDate ?? ''}
                    max={beijingToday()}
                    invalid={Boolean(errors[`${p}.birthDate`])}
                    describedBy={described(`${p}.birthDate`)}
                    disabled={readOnly}
                    onChange={(v) => setChild(index, { birthDate: v || undefined })}
                  />
                  {error(`${p}.birthDate`)}
                </div>
                <TextField
                  id={`${id}-${p}-school`}
                  label={t('work.assessment.school')}
                  value={child.school ?? ''}
                  onChange={(school) => setChild(index, { school })}
                />
                <TextField
                  id={`${id}-${p}-idnumber`}
                  label={t('work.assessment.idNumber')}
                  value={child.idNumber ?? ''}
                  autoComplete="off"
                  error={error(`${p}.idNumber`)}
                  describedBy={described(`${p}.idNumber`)}
                  onChange={(idNumber) => setChild(index, { idNumber })}
                />
                <button
                  type="button"
                  className="button button--small"
                  onClick={() => onChange((d) => ({ ...d, children: removeAt(d.children, index) }))}
                >
                  {t('work.assessment.removeChild', { n: String(index + 1) })}
                </button>
              </fieldset>
            );
          })}
          <button
            type="button"
            className="button"
            onClick={() => onChange((d) => ({ ...d, children: [...(d.children ?? []), {}] }))}
          >
            {t('work.assessment.addChild')}
          </button>
        </fieldset>

        <fieldset>
          <legend>{t('work.assessment.categories')}</legend>
          {[
            { title: t('work.assessment.mandatory'), list: MANDATORY },
            { title: t('work.assessment.helpline'), list: HELPLINE },
          ].map((group) => (
            <CategoryChecklist
              key={group.title}
              title={group.title}
              titleAs="p"
              layout="grid"
              categories={group.list}
              selected={categories}
              onToggle={(c, checked) =>
                onChange((d) => ({
                  ...d,
                  categories: toggle(
                    d.categories?.length ? d.categories : detail.categories,
                    c,
                    checked,
                  ),
                }))
              }
            />
          ))}
        </fieldset>

        <div className="field">
          <label htmlFor={`${id}-injuries`}>{t('work.assessment.injuries')}</label>
          <textarea
            id={`${id}-injuries`}
            rows={3}
            value={draft.injuries ?? ''}
            aria-describedby={described('injuries')}
            onChange={(e) => onChange((d) => ({ ...d, injuries: e.target.value }))}
          />
          {error('injuries')}
        </div>

        <fieldset>
          <legend>{t('work.assessment.suspects')}</legend>
          {suspects.map((suspect, index) => (
            <div key={index} className="assessment__suspect">
              <div className="field">
                <label htmlFor={`${id}-suspect-${index}`}>
                  {t('work.assessment.relationship')}
                </label>
                <select
                  id={`${id}-suspect-${index}`}
                  value={suspect.relationship}
                  onChange={(e) =>
                    setSuspect(index, { relationship: e.target.value as SuspectRelationship })
                  }
                >
                  {SUSPECT_RELATIONSHIPS.map((r) => (
                    <option key={r} value={r}>
                      {t(`work.suspect.${r}`)}
                    </option>
                  ))}
                </select>
              </div>
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={suspect.livesWithChild ?? false}
                  onChange={(e) => setSuspect(index, { livesWithChild: e.target.checked })}
                />{' '}
                {t('work.assessment.livesWithChild')}
              </label>
              <button
                type="button"
                className="button button--small"
                onClick={() => onChange((d) => ({ ...d, suspects: removeAt(d.suspects, index) }))}
              >
                {t('work.assessment.removeSuspect', { n: String(index + 1) })}
              </button>
            </div>
          ))}
          <button
            type="button"
            className="button"
            onClick={() =>
              onChange((d) => ({
                ...d,
                suspects: [...(d.suspects ?? []), { relationship: 'unknown' }],
              }))
            }
          >
            {t('work.assessment.addSuspect')}
          </button>
        </fieldset>

        <fieldset>
          <legend>{t('work.assessment.circumstances')}</legend>
          <CheckboxList
            items={CHILD_CIRCUMSTANCES.map((c) => ({
              value: c,
              label: t(`work.circumstance.${c}`),
            }))}
            selected={draft.circumstances ?? []}
            onToggle={(c, checked) =>
              onChange((d) => ({ ...d, circumstances: toggle(d.circumstances, c, checked) }))
            }
          />
        </fieldset>

        <div className="field">
          <label htmlFor={`${id}-guardianship`}>{t('work.assessment.guardianship')}</label>
          <select
            id={`${id}-guardianship`}
            value={draft.guardianship ?? ''}
            onChange={(e) =>
              onChange((d) => ({
                ...d,
                guardianship: (e.target.value || undefined) as GuardianshipSituation | undefined,
              }))
            }
          >
            <option value="">{t('work.assessment.guardianshipUnset')}</option>
            {GUARDIANSHIP_SITUATIONS.map((g) => (
              <option key={g} value={g}>
                {t(`work.guardianshipSituation.${g}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-guardianship-notes`}>
            {t('work.assessment.guardianshipNotes')}
          </label>
          <textarea
            id={`${id}-guardianship-notes`}
            rows={2}
            value={draft.guardianshipNotes ?? ''}
            onChange={(e) => onChange((d) => ({ ...d, guardianshipNotes: e.target.value }))}
          />
        </div>

        <fieldset>
          <legend>{t('work.assessment.risks')}</legend>
          <CheckboxList
            items={RISK_FACTORS.map((r) => ({ value: r, label: t(`work.risk.${r}`) }))}
            selected={draft.risks ?? []}
            onToggle={(r, checked) =>
              onChange((d) => ({ ...d, risks: toggle(d.risks, r, checked) }))
            }
          />
        </fieldset>

        <fieldset>
          <legend>{t('work.assessment.location')}</legend>
          <RegionPicker
            regions={regions.regions}
            value={path}
            describedBy={described('location.regionCode')}
            onChange={(next) =>
              onChange((d) => ({ ...d, location: { ...d.location, regionCode: next.at(-1) } }))
            }
          />
          {error('location.regionCode')}
          <div className="field">
            <label htmlFor={`${id}-address`}>{t('work.assessment.address')}</label>
            <input
              id={`${id}-address`}
              value={draft.location?.address ?? ''}
              onChange={(e) =>
                onChange((d) => ({ ...d, location: { ...d.location, address: e.target.value } }))
              }
            />
          </div>
        </fieldset>

        <fieldset>
          <legend>{t('work.assessment.police')}</legend>
          {policeNeeded && !draft.police?.notified && (
            <p className="notice notice--warning">{t('work.assessment.policeRequired')}</p>
          )}
          <label className="checkbox">
            <input
              type="checkbox"
              checked={draft.police?.notified ?? false}
              onChange={(e) =>
                onChange((d) => ({
                  ...d,
                  police: { ...d.police, notified: e.target.checked },
                }))
              }
            />{' '}
            {t('work.assessment.policeNotified')}
          </label>
          {draft.police?.notified && (
            <div className="field">
              <label htmlFor={`${id}-police-at`}>{t('work.assessment.policeAt')}</label>
              <BeijingDateTimeInput
                id={`${id}-police-at`}
                value={draft.police.at}
                invalid={Boolean(errors['police.at'])}
                describedBy={described('police.at')}
                disabled={readOnly}
                onChange={(at) => onChange((d) => ({ ...d, police: { notified: true, at } }))}
              />
              {error('police.at')}
            </div>
          )}
        </fieldset>
      </fieldset>
    </section>
  );
}

/** Saving / saved / what went wrong, announced politely; errors as an alert. */
function SaveStatus({ state }: { state: SaveState }) {
  const { t } = useTranslation();
  const text =
    state.status === 'saving'
      ? t('work.assessment.saving')
      : state.status === 'saved'
        ? t('work.assessment.saved')
        : state.status === 'dirty'
          ? t('work.assessment.unsaved')
          : null;
  return (
    <>
      <p className="save-status muted" role="status">
        {text}
      </p>
      <div role="alert" className="form-error">
        {state.status === 'invalid' && (
          <>
            <p>{t('work.assessment.invalid')}</p>
            <ul>
              {Object.entries(state.errors).map(([path, message]) => (
                <li key={path}>{message}</li>
              ))}
            </ul>
          </>
        )}
        {state.status === 'failed' && t('work.assessment.failed', { message: state.message })}
      </div>
    </>
  );
}

/** The list with item `index` merged with `patch` (a missing list counts as empty). */
function patchAt<T>(list: readonly T[] | undefined, index: number, patch: Partial<T>): T[] {
  return (list ?? []).map((item, i) => (i === index ? { ...item, ...patch } : item));
}

/** The list without item `index`. */
function removeAt<T>(list: readonly T[] | undefined, index: number): T[] {
  return (list ?? []).filter((_, i) => i !== index);
}
