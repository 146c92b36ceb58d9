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
  type TAssessedChild,
  type TAssessment,
  type TCaseDetail,
  type TRegion,
} from '@hutong/shared';
import {
  CategoryChecklist,
  CheckboxField,
  CheckboxList,
  ChildFieldset,
  ErrorList,
  Field,
  FieldError,
  SelectField,
  TextAreaField,
  TextField,
  errorIdOf,
} from '../../../components/form-kit';
import { RegionPicker } from '../../../components/RegionPicker';
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

/**
 * The id of the control a field path (as in the schema's errors) points at, under the form's
 * `base` id: `children.0.age` → `<base>-children-0-age`; a child as a whole → its name; the
 * situations → the first box; the place → the picker's first select.
 */
export function assessmentFieldId(base: string, path: string): string {
  if (path === 'categories' || path.startsWith('categories.')) return `${base}-categories`;
  if (/^children\.\d+$/.test(path)) return `${base}-${path.replace('.', '-')}-name`;
  if (path === 'location' || path.startsWith('location.regionCode')) return `${base}-region-0`;
  if (path === 'police') return `${base}-police-notified`;
  return `${base}-${path.replace(/\./g, '-')}`;
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

  const idOf = (path: string) => assessmentFieldId(id, path);
  /** The error of a group (the situations, the place), under its legend. */
  const groupError = (path: string) => (
    <FieldError id={errorIdOf(idOf(path))}>{errors[path]}</FieldError>
  );
  const groupDescribed = (path: string) => (errors[path] ? errorIdOf(idOf(path)) : undefined);
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
          <SaveStatus state={state} idOf={idOf} />
        </>
      )}
      <fieldset disabled={readOnly} className="assessment__fields">
        <fieldset>
          <legend>{t('work.assessment.children')}</legend>
          {children.map((child, index) => {
            const p = `children.${index}`;
            return (
              <ChildFieldset
                key={index}
                className="assessment__child"
                legend={t('work.assessment.child', { n: String(index + 1) })}
                remove={{
                  label: t('work.assessment.removeChild', { n: String(index + 1) }),
                  onRemove: () =>
                    onChange((d) => ({ ...d, children: removeAt(d.children, index) })),
                }}
              >
                <TextField
                  id={idOf(`${p}.name`)}
                  label={t('work.assessment.name')}
                  value={child.name ?? ''}
                  error={errors[`${p}.name`]}
                  onChange={(name) => setChild(index, { name })}
                />
                <SelectField
                  id={idOf(`${p}.sex`)}
                  label={t('work.assessment.sex')}
                  value={child.sex ?? ''}
                  unset={t('work.assessment.sexUnset')}
                  options={SEXES.map((s) => ({ value: s, label: t(`work.sexes.${s}`) }))}
                  error={errors[`${p}.sex`]}
                  onChange={(sex) => setChild(index, { sex: sex || undefined })}
                />
                <TextField
                  id={idOf(`${p}.age`)}
                  label={t('work.assessment.age')}
                  type="number"
                  inputMode="numeric"
                  min={0}
                  max={17}
                  value={child.age ?? ''}
                  error={errors[`${p}.age`]}
                  onChange={(age) => setChild(index, { age: age === '' ? undefined : Number(age) })}
                />
                <Field
                  id={idOf(`${p}.birthDate`)}
                  label={t('work.assessment.birthDate')}
                  error={errors[`${p}.birthDate`]}
                >
                  {(c) => (
                    <DateInput
                      id={c.id}
                      value={child.birthDate ?? ''}
                      max={beijingToday()}
                      invalid={c.invalid}
                      describedBy={c.describedBy}
                      disabled={readOnly}
                      onChange={(v) => setChild(index, { birthDate: v || undefined })}
                    />
                  )}
                </Field>
                <TextField
                  id={idOf(`${p}.school`)}
                  label={t('work.assessment.school')}
                  value={child.school ?? ''}
                  error={errors[`${p}.school`]}
                  onChange={(school) => setChild(index, { school })}
                />
                <TextField
                  id={idOf(`${p}.idNumber`)}
                  label={t('work.assessment.idNumber')}
                  value={child.idNumber ?? ''}
                  autoComplete="off"
                  error={errors[`${p}.idNumber`]}
                  onChange={(idNumber) => setChild(index, { idNumber })}
                />
              </ChildFieldset>
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

        <fieldset aria-describedby={groupDescribed('categories')}>
          <legend>{t('work.assessment.categories')}</legend>
          {groupError('categories')}
          {[
            { title: t('work.assessment.mandatory'), list: MANDATORY },
            { title: t('work.assessment.helpline'), list: HELPLINE },
          ].map((group, index) => (
            <CategoryChecklist
              key={group.title}
              title={group.title}
              titleAs="p"
              layout="grid"
              categories={group.list}
              selected={categories}
              firstId={index === 0 ? idOf('categories') : undefined}
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

        <TextAreaField
          id={idOf('injuries')}
          label={t('work.assessment.injuries')}
          rows={3}
          value={draft.injuries ?? ''}
          error={errors['injuries']}
          onChange={(injuries) => onChange((d) => ({ ...d, injuries }))}
        />

        <fieldset>
          <legend>{t('work.assessment.suspects')}</legend>
          {suspects.map((suspect, index) => {
            const p = `suspects.${index}`;
            return (
              <div key={index} className="assessment__suspect">
                <SelectField
                  id={idOf(`${p}.relationship`)}
                  label={t('work.assessment.relationship')}
                  value={suspect.relationship}
                  options={SUSPECT_RELATIONSHIPS.map((r) => ({
                    value: r,
                    label: t(`work.suspect.${r}`),
                  }))}
                  error={errors[`${p}.relationship`]}
                  onChange={(relationship) =>
                    setSuspect(index, { relationship: relationship || 'unknown' })
                  }
                />
                <CheckboxField
                  id={idOf(`${p}.livesWithChild`)}
                  label={t('work.assessment.livesWithChild')}
                  checked={suspect.livesWithChild ?? false}
                  error={errors[`${p}.livesWithChild`]}
                  onChange={(livesWithChild) => setSuspect(index, { livesWithChild })}
                />
                <button
                  type="button"
                  className="button button--small"
                  onClick={() => onChange((d) => ({ ...d, suspects: removeAt(d.suspects, index) }))}
                >
                  {t('work.assessment.removeSuspect', { n: String(index + 1) })}
                </button>
              </div>
            );
          })}
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

        <SelectField
          id={idOf('guardianship')}
          label={t('work.assessment.guardianship')}
          value={draft.guardianship ?? ''}
          unset={t('work.assessment.guardianshipUnset')}
          options={GUARDIANSHIP_SITUATIONS.map((g) => ({
            value: g,
            label: t(`work.guardianshipSituation.${g}`),
          }))}
          error={errors['guardianship']}
          onChange={(guardianship) =>
            onChange((d) => ({ ...d, guardianship: guardianship || undefined }))
          }
        />
        <TextAreaField
          id={idOf('guardianshipNotes')}
          label={t('work.assessment.guardianshipNotes')}
          rows={2}
          value={draft.guardianshipNotes ?? ''}
          error={errors['guardianshipNotes']}
          onChange={(guardianshipNotes) => onChange((d) => ({ ...d, guardianshipNotes }))}
        />

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
            idPrefix={`${id}-region`}
            invalid={Boolean(errors['location.regionCode'])}
            describedBy={groupDescribed('location.regionCode')}
            onChange={(next) =>
              onChange((d) => ({ ...d, location: { ...d.location, regionCode: next.at(-1) } }))
            }
          />
          {groupError('location.regionCode')}
          <TextField
            id={idOf('location.address')}
            label={t('work.assessment.address')}
            value={draft.location?.address ?? ''}
            error={errors['location.address']}
            onChange={(address) =>
              onChange((d) => ({ ...d, location: { ...d.location, address } }))
            }
          />
        </fieldset>

        <fieldset>
          <legend>{t('work.assessment.police')}</legend>
          {policeNeeded && !draft.police?.notified && (
            <p className="notice notice--warning">{t('work.assessment.policeRequired')}</p>
          )}
          <CheckboxField
            id={idOf('police.notified')}
            label={t('work.assessment.policeNotified')}
            checked={draft.police?.notified ?? false}
            error={errors['police.notified']}
            onChange={(notified) => onChange((d) => ({ ...d, police: { ...d.police, notified } }))}
          />
          {draft.police?.notified && (
            <Field
              id={idOf('police.at')}
              label={t('work.assessment.policeAt')}
              error={errors['police.at']}
            >
              {(c) => (
                <BeijingDateTimeInput
                  id={c.id}
                  value={draft.police?.at}
                  invalid={c.invalid}
                  describedBy={c.describedBy}
                  disabled={readOnly}
                  onChange={(at) => onChange((d) => ({ ...d, police: { notified: true, at } }))}
                />
              )}
            </Field>
          )}
        </fieldset>
      </fieldset>
    </section>
  );
}

/** Saving / saved / what went wrong, announced politely; errors as an alert. */
function SaveStatus({ state, idOf }: { state: SaveState; idOf: (path: string) => string }) {
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
            <ErrorList
              errors={Object.entries(state.errors).map(([path, message]) => ({ path, message }))}
              idOf={idOf}
            />
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
