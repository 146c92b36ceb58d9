import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  AppError,
  CATEGORY_META,
  INTAKE_LIMITS,
  REPORTER_RELATIONSHIPS,
  SEXES,
  SITUATION_CATEGORIES,
} from '@hutong/shared';
import type { SituationCategory, TCreateReportResponse, TOrgReporterProfile } from '@hutong/shared';
import { useApi } from '../../../lib/ApiProvider';
import { newIdempotencyKey, outcomeUnknown } from '../../../lib/idempotency';
import { errorMessage } from '../../../lib/error-message';
import { useLanguage } from '../../../lib/use-language';
import { createReport } from '../api';
import { useRegions } from '../hooks/use-regions';
import { emptyChild, emptyReport, fieldId, fieldMessage, validateReport } from '../report-draft';
import type { ChildValues, FieldErrors, ReportValues } from '../report-draft';
import { RegionPicker } from '../../../components/RegionPicker';
import {
  CategoryChecklist,
  CheckboxField,
  ChildFieldset,
  ErrorList,
  RadioGroup,
  FieldError,
  Required,
  SelectField,
  TextAreaField,
  TextField,
  errorIdOf,
} from '../../../components/form-kit';
import { useMessages } from '../../../lib/messages';
import { REPORT_MESSAGES } from '../messages';

// The nine mandatory situations in the Opinion's order, then the helpline themes.
const MANDATORY = SITUATION_CATEGORIES.filter((c) => CATEGORY_META[c].mandatory !== null).sort(
  (a, b) => (CATEGORY_META[a].mandatory ?? 0) - (CATEGORY_META[b].mandatory ?? 0),
);
const HELPLINE = SITUATION_CATEGORIES.filter((c) => CATEGORY_META[c].mandatory === null);

const errorId = (path: string) => errorIdOf(fieldId(path));

/**
 * The reporting form; calls `onSubmitted` with the reference once the server has it. With
 * `filedFor` (a signed-in organisation reporter) it files in the organisation's name: no
 * anonymous choice, the reporter's own name prefilled.
 */
export function ReportForm({
  onSubmitted,
  filedFor = null,
}: {
  onSubmitted: (result: TCreateReportResponse) => void;
  filedFor?: TOrgReporterProfile | null;
}) {
  const { t } = useTranslation();
  const m = useMessages(REPORT_MESSAGES);
  const [language] = useLanguage();
  const api = useApi();
  const regions = useRegions();
  const [values, setValues] = useState<ReportValues>(() =>
    filedFor
      ? {
          ...emptyReport(),
          reporterType: 'organisation',
          orgName: filedFor.org.name,
          reporterName: filedFor.reporter.displayName,
        }
      : emptyReport(),
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [retrying, setRetrying] = useState(false);
  const idempotencyKey = useRef<string | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const [focusTarget, setFocusTarget] = useState<string | null>(null);

  useEffect(() => {
    if (focusTarget === null) return;
    if (focusTarget === 'summary') summaryRef.current?.focus();
    else document.getElementById(focusTarget)?.focus();
    setFocusTarget(null);
  }, [focusTarget]);

  const update = (patch: Partial<ReportValues>) => setValues((v) => ({ ...v, ...patch }));
  const updateChild = (index: number, patch: Partial<ChildValues>) =>
    setValues((v) => ({
      ...v,
      children: v.children.map((child, i) => (i === index ? { ...child, ...patch } : child)),
    }));
  const toggleCategory = (category: SituationCategory, checked: boolean) =>
    setValues((v) => ({
      ...v,
      categories: checked
        ? [...v.categories, category]
        : v.categories.filter((c) => c !== category),
    }));

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    const checked = validateReport(values, language);
    if (!checked.ok) {
      setErrors(checked.errors);
      setFocusTarget('summary');
      return;
    }
    setErrors({});
    setSubmitting(true);
    idempotencyKey.current ??= newIdempotencyKey();
    try {
      const result = await createReport(api, checked.body, idempotencyKey.current);
      idempotencyKey.current = null;
      setRetrying(false);
      onSubmitted(result);
    } catch (error) {
      if (outcomeUnknown(error)) {
        setRetrying(true);
      } else {
        // The server answered and stored nothing: the next attempt is a new submission.
        idempotencyKey.current = null;
        setRetrying(false);
      }
      if (error instanceof AppError && error.code === 'VALIDATION_FAILED' && error.data) {
        const mapped: FieldErrors = {};
        for (const [path, message] of Object.entries(error.data)) {
          mapped[path] = typeof message === 'string' ? message : String(path);
        }
        setErrors(mapped);
      } else if (error instanceof AppError && error.code === 'IDEMPOTENCY_KEY_REUSED') {
        setFormError(t('report.errors.keyReused'));
      } else {
        setFormError(errorMessage(error, t));
      }
      setFocusTarget('summary');
    } finally {
      setSubmitting(false);
    }
  };

  const errorEntries = Object.entries(errors);
  const described = (path: string, ...more: (string | undefined)[]) =>
    [errors[path] ? errorId(path) : undefined, ...more].filter(Boolean).join(' ') || undefined;
  /** A field's error in the form's words, shown under it by the kit. */
  const errorOf = (path: string) =>
    errors[path] ? fieldMessage(path, errors[path], t, language) : undefined;
  /** The error of a group (not one control), under its legend. */
  const fieldError = (path: string) => <FieldError id={errorId(path)}>{errorOf(path)}</FieldError>;

  return (
    <form className="form report-form" onSubmit={(event) => void onSubmit(event)} noValidate>
      <div
        ref={summaryRef}
        tabIndex={-1}
        role="alert"
        className={errorEntries.length > 0 || formError ? 'error-summary' : undefined}
      >
        {formError && <p>{formError}</p>}
        {errorEntries.length > 0 && (
          <>
            <p>{t('report.errorSummary')}</p>
            <ErrorList
              errors={errorEntries.map(([path, message]) => ({
                path,
                message: fieldMessage(path, message, t, language),
              }))}
              idOf={fieldId}
            />
          </>
        )}
        {retrying && <p>{t('report.retrying')}</p>}
      </div>

      <fieldset className="fieldset" aria-describedby={described('categories', 'categories-hint')}>
        <legend>
          {t('report.categories.legend')} <Required />
        </legend>
        <p id="categories-hint" className="hint">
          {t('report.categories.hint')}
        </p>
        {fieldError('categories')}
        <CategoryChecklist
          title={t('report.categories.mandatory')}
          categories={MANDATORY}
          selected={values.categories}
          onToggle={toggleCategory}
          firstId={fieldId('categories')}
        />
        <CategoryChecklist
          title={t('report.categories.helpline')}
          categories={HELPLINE}
          selected={values.categories}
          onToggle={toggleCategory}
        />
      </fieldset>

      <RadioGroup
        id={fieldId('immediateDanger')}
        name="immediateDanger"
        legend={t('report.danger.legend')}
        required
        error={errorOf('immediateDanger')}
        options={(['yes', 'no'] as const).map((answer) => ({
          value: answer,
          label: t(`report.danger.${answer}`),
        }))}
        value={values.immediateDanger}
        onChange={(immediateDanger) => update({ immediateDanger })}
        inline
      >
        {values.immediateDanger === 'yes' && (
          <p className="emergency emergency--inline">
            <strong>{t('report.danger110')}</strong>
          </p>
        )}
      </RadioGroup>

      <fieldset className="fieldset" aria-describedby="children-hint">
        <legend>{t('report.children.legend')}</legend>
        <p id="children-hint" className="hint">
          {t('report.children.hint')}
        </p>
        {fieldError('children')}
        {values.children.map((child, index) => {
          const base = `children.${index}`;
          const n = String(index + 1);
          return (
            <ChildFieldset
              key={child.key}
              className="child"
              legend={t('report.children.child', { n })}
              remove={
                values.children.length > 1
                  ? {
                      label: t('report.children.remove', { n }),
                      onRemove: () =>
                        setValues((v) => ({
                          ...v,
                          children: v.children.filter((_, i) => i !== index),
                        })),
                    }
                  : undefined
              }
            >
              <div className="field-row">
                <TextField
                  id={fieldId(`${base}.name`)}
                  label={t('report.children.name')}
                  value={child.name}
                  maxLength={INTAKE_LIMITS.nameMax}
                  autoComplete="off"
                  error={errorOf(`${base}.name`)}
                  onChange={(name) => updateChild(index, { name })}
                />
                <SelectField
                  id={fieldId(`${base}.sex`)}
                  label={t('report.children.sex')}
                  value={child.sex}
                  unset={t('report.children.sexUnset')}
                  options={SEXES.map((sex) => ({ value: sex, label: t(`sex.${sex}`) }))}
                  error={errorOf(`${base}.sex`)}
                  onChange={(sex) => updateChild(index, { sex })}
                />
                <TextField
                  id={fieldId(`${base}.age`)}
                  className="field--narrow"
                  label={t('report.children.age')}
                  inputMode="numeric"
                  value={child.age}
                  error={errorOf(`${base}.age`)}
                  onChange={(age) => updateChild(index, { age })}
                />
              </div>
            </ChildFieldset>
          );
        })}
        {values.children.length < INTAKE_LIMITS.childrenMax && (
          <button
            type="button"
            className="button"
            onClick={() => {
              setValues((v) => ({ ...v, children: [...v.children, emptyChild()] }));
              setFocusTarget(fieldId(`children.${values.children.length}.name`));
            }}
          >
            {t('report.children.add')}
          </button>
        )}
      </fieldset>

      <fieldset className="fieldset" aria-describedby="location-hint">
        <legend>{t('report.location.legend')}</legend>
        <p id="location-hint" className="hint">
          {t('report.location.hint')}
        </p>
        {regions.status === 'error' && <p className="hint">{t('report.location.loadFailed')}</p>}
        {regions.status === 'ready' && (
          <RegionPicker
            regions={regions.regions}
            value={values.regionPath}
            onChange={(regionPath) => update({ regionPath })}
            describedBy={described('location.regionCode')}
            invalid={Boolean(errors['location.regionCode'])}
          />
        )}
        {fieldError('location.regionCode')}
        <TextField
          id={fieldId('location.address')}
          label={t('report.location.address')}
          value={values.address}
          maxLength={INTAKE_LIMITS.addressMax}
          error={errorOf('location.address')}
          onChange={(address) => update({ address })}
        />
      </fieldset>

      <TextAreaField
        id={fieldId('narrative')}
        label={t('report.narrative.label')}
        hint={t('report.narrative.hint')}
        rows={8}
        value={values.narrative}
        maxLength={INTAKE_LIMITS.narrativeMax}
        error={errorOf('narrative')}
        describedBy="narrative-counter"
        after={
          <p id="narrative-counter" className="hint counter">
            {t('report.narrative.counter', {
              count: values.narrative.length,
              max: INTAKE_LIMITS.narrativeMax.toLocaleString(language),
            })}
          </p>
        }
        onChange={(narrative) => update({ narrative })}
      />

      <fieldset className="fieldset" aria-describedby="reporter-hint">
        <legend>{t('report.reporter.legend')}</legend>
        <p id="reporter-hint" className="hint">
          {t('report.reporter.hint')}
        </p>
        {filedFor ? (
          <p className="notice" data-testid="filed-for">
            <strong>{m('filedFor', { org: filedFor.org.name })}</strong>
            <br />
            {m('filedForHint')}
          </p>
        ) : (
          <RadioGroup
            id={fieldId('reporterType')}
            name="reporterType"
            legend={t('report.reporter.type')}
            className="fieldset fieldset--plain"
            options={(['anonymous', 'person', 'organisation'] as const).map((type) => ({
              value: type,
              label: t(`report.reporter.${type}`),
            }))}
            value={values.reporterType}
            onChange={(reporterType) => update({ reporterType })}
          />
        )}
        {values.reporterType === 'organisation' && !filedFor && (
          <TextField
            id={fieldId('reporter.orgName')}
            label={t('report.reporter.orgName')}
            required
            value={values.orgName}
            autoComplete="organization"
            onChange={(orgName) => update({ orgName })}
            error={errorOf('reporter.orgName')}
          />
        )}
        {values.reporterType !== 'anonymous' && (
          <>
            <TextField
              id={fieldId('reporter.name')}
              label={t('report.reporter.name')}
              value={values.reporterName}
              autoComplete="name"
              onChange={(reporterName) => update({ reporterName })}
              error={errorOf('reporter.name')}
            />
            <TextField
              id={fieldId('reporter.phone')}
              label={t('report.reporter.phone')}
              value={values.reporterPhone}
              type="tel"
              autoComplete="tel"
              onChange={(reporterPhone) => update({ reporterPhone })}
              error={errorOf('reporter.phone')}
            />
            <CheckboxField
              id={fieldId('notifyWhenResolved')}
              label={m('notifyWhenResolved')}
              hint={m('notifyWhenResolvedHint')}
              checked={values.notifyWhenResolved}
              error={errorOf('notifyWhenResolved')}
              onChange={(notifyWhenResolved) => update({ notifyWhenResolved })}
            />
          </>
        )}
        {values.reporterType === 'person' && (
          <SelectField
            id={fieldId('reporter.relationship')}
            label={t('report.reporter.relationship')}
            value={values.reporterRelationship}
            unset={t('report.reporter.relationshipUnset')}
            options={REPORTER_RELATIONSHIPS.map((relationship) => ({
              value: relationship,
              label: t(`relationship.${relationship}`),
            }))}
            error={errorOf('reporter.relationship')}
            onChange={(reporterRelationship) => update({ reporterRelationship })}
          />
        )}
      </fieldset>

      <button
        type="submit"
        className="button button--primary button--large"
        disabled={submitting}
        aria-busy={submitting}
      >
        {submitting ? t('report.submitting') : t('report.submit')}
      </button>
    </form>
  );
}
