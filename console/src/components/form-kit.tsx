import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CATEGORY_META, type SituationCategory } from '@hutong/shared';
import { categoryLabel } from '../lib/format';
import { useLanguage } from '../lib/use-language';

/**
 * The console's one form kit for the report and assessment forms: every field (text, number,
 * text area, select, checkbox, a choice of one, or any control through `Field`), a child's fieldset, with the same markup, ids and aria
 * wiring — label, "(required)" mark, hint, and the field's error below it, named by the control's
 * `aria-describedby` and marking it `aria-invalid` — the error summary that links to the fields,
 * and the situation checklist. Plain elements, not antd: the public report page loads it on slow
 * phones (see its first-load JS budget).
 *
 * Ids: a field's hint is `<id>-hint`, its error `<id>-error`.
 */

/** The id of the error shown under the field whose control is `id`. */
export const errorIdOf = (id: string) => `${id}-error`;

/** A field's error message, to be named by the input's `aria-describedby`. */
export function FieldError({ id, children }: { id: string; children: ReactNode }) {
  if (!children) return null;
  return (
    <p id={id} className="field-error">
      {children}
    </p>
  );
}

/** The "(required)" mark after a label or legend. */
export function Required() {
  const { t } = useTranslation();
  return <span className="required">({t('report.required')})</span>;
}

/** What a field hands its control: its id and aria wiring. */
export interface Control {
  id: string;
  invalid: boolean;
  describedBy: string | undefined;
  /** The same, as attributes for a plain `<input>`, `<select>` or `<textarea>`. */
  attributes: {
    id: string;
    'aria-invalid': true | undefined;
    'aria-describedby': string | undefined;
  };
}

export interface FieldProps {
  id: string;
  label: ReactNode;
  /** Adds the "(required)" mark to the label. */
  required?: boolean | undefined;
  /** Help under the label, named by the control's `aria-describedby`. */
  hint?: ReactNode;
  /** The field's error, in the user's words (nothing when it is right). */
  error?: string | null | undefined;
  /** Marks the control invalid though its error is shown elsewhere (a group's error). */
  invalid?: boolean | undefined;
  /** More ids that describe the control (a counter below it, a group's error). */
  describedBy?: string | readonly (string | undefined)[] | undefined;
  /** Below the control, above the error (a character counter). */
  after?: ReactNode;
  className?: string | undefined;
}

function control({ id, hint, error, invalid, describedBy }: FieldProps): Control {
  const ids = [
    error ? errorIdOf(id) : undefined,
    hint ? `${id}-hint` : undefined,
    ...(typeof describedBy === 'string' ? [describedBy] : (describedBy ?? [])),
  ].filter(Boolean);
  const described = ids.length > 0 ? ids.join(' ') : undefined;
  const bad = Boolean(error) || Boolean(invalid);
  return {
    id,
    invalid: bad,
    describedBy: described,
    attributes: { id, 'aria-invalid': bad ? true : undefined, 'aria-describedby': described },
  };
}

function Hint({ id, children }: { id: string; children: ReactNode }) {
  if (!children) return null;
  return (
    <p id={`${id}-hint`} className="hint">
      {children}
    </p>
  );
}

/** A labelled field around any control (a date picker, a region picker): label, hint, error. */
export function Field({
  children,
  ...props
}: FieldProps & { children: (c: Control) => ReactNode }) {
  const { id, label, required, hint, error, after, className } = props;
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={id}>
        {label}
        {required && (
          <>
            {' '}
            <Required />
          </>
        )}
      </label>
      <Hint id={id}>{hint}</Hint>
      {children(control(props))}
      {after}
      <FieldError id={errorIdOf(id)}>{error}</FieldError>
    </div>
  );
}

/** A labelled one-line text (or number, or phone) input. */
export function TextField({
  value,
  onChange,
  type = 'text',
  inputMode,
  autoComplete,
  maxLength,
  min,
  max,
  ...field
}: FieldProps & {
  value: string | number;
  onChange: (value: string) => void;
  type?: 'text' | 'tel' | 'number';
  inputMode?: 'numeric' | 'text' | 'tel' | undefined;
  autoComplete?: string | undefined;
  maxLength?: number | undefined;
  min?: number | undefined;
  max?: number | undefined;
}) {
  return (
    <Field {...field}>
      {(c) => (
        <input
          {...c.attributes}
          type={type}
          inputMode={inputMode}
          value={value}
          autoComplete={autoComplete}
          maxLength={maxLength}
          min={min}
          max={max}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

/** A labelled text area. */
export function TextAreaField({
  value,
  onChange,
  rows = 3,
  maxLength,
  ...field
}: FieldProps & {
  value: string;
  onChange: (value: string) => void;
  rows?: number;
  maxLength?: number | undefined;
}) {
  return (
    <Field {...field}>
      {(c) => (
        <textarea
          {...c.attributes}
          rows={rows}
          value={value}
          maxLength={maxLength}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

/**
 * A labelled select of fixed options; `unset` adds an empty first choice ("not known"). Only a
 * listed value (or '' for the empty choice) ever reaches `onChange`.
 */
export function SelectField<T extends string>({
  value,
  options,
  unset,
  onChange,
  ...field
}: FieldProps & {
  value: T | '';
  options: readonly { value: T; label: string }[];
  unset?: string | undefined;
  onChange: (value: T | '') => void;
}) {
  return (
    <Field {...field}>
      {(c) => (
        <select
          {...c.attributes}
          value={value}
          onChange={(event) =>
            onChange(options.find((o) => o.value === event.target.value)?.value ?? '')
          }
        >
          {unset !== undefined && <option value="">{unset}</option>}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** One checkbox beside its whole label, with its hint and error below. */
export function CheckboxField({
  checked,
  onChange,
  ...field
}: FieldProps & { checked: boolean; onChange: (checked: boolean) => void }) {
  const { id, label, required, hint, error, after, className } = field;
  const c = control(field);
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label className="choice">
        <input
          type="checkbox"
          {...c.attributes}
          checked={checked}
          onChange={(event) => onChange(event.target.checked)}
        />
        <span>
          {label}
          {required && (
            <>
              {' '}
              <Required />
            </>
          )}
        </span>
      </label>
      <Hint id={id}>{hint}</Hint>
      {after}
      <FieldError id={errorIdOf(id)}>{error}</FieldError>
    </div>
  );
}

/**
 * A choice of one, as a fieldset: the legend (with the "(required)" mark), a hint, the group's
 * error under the legend, then each radio beside its whole label; `children` follow the choices
 * (what a choice opens). The first radio carries `id`, so an error summary's link moves the focus
 * into the group; the fieldset is described by its error and hint, and a group in error marks its
 * radios invalid. Arrow keys move between the radios (they share `name`), as the browser does.
 */
export function RadioGroup<T extends string>({
  id,
  name,
  legend,
  required,
  hint,
  error,
  options,
  value,
  onChange,
  inline = false,
  className = 'fieldset',
  children,
}: {
  id: string;
  name: string;
  legend: ReactNode;
  required?: boolean;
  hint?: ReactNode;
  error?: string | null | undefined;
  options: readonly { value: T; label: ReactNode }[];
  /** The chosen value; nothing (or '') when none is chosen yet. */
  value: T | '' | null | undefined;
  onChange: (value: T) => void;
  /** The choices on one line (two short answers), else one under another. */
  inline?: boolean;
  className?: string;
  children?: ReactNode;
}) {
  const c = control({ id, label: legend, hint, error });
  return (
    <fieldset className={className || undefined} aria-describedby={c.describedBy}>
      <legend>
        {legend}
        {required && (
          <>
            {' '}
            <Required />
          </>
        )}
      </legend>
      <Hint id={id}>{hint}</Hint>
      <FieldError id={errorIdOf(id)}>{error}</FieldError>
      <div className={inline ? 'choices choices--inline' : 'choices'}>
        {options.map((option, index) => (
          <label key={option.value} className="choice">
            <input
              type="radio"
              name={name}
              id={index === 0 ? id : undefined}
              value={option.value}
              checked={value === option.value}
              aria-invalid={c.invalid ? true : undefined}
              onChange={() => onChange(option.value)}
            />
            {option.label}
          </label>
        ))}
      </div>
      {children}
    </fieldset>
  );
}

/**
 * One child's fields in a fieldset ("Child 1"), with the button that removes the child when
 * `remove` is given. `className` lays the fields out (a row on the report form, a grid in the
 * assessment).
 */
export function ChildFieldset({
  legend,
  className,
  remove,
  children,
}: {
  legend: string;
  className: string;
  remove?: { label: string; onRemove: () => void } | undefined;
  children: ReactNode;
}) {
  return (
    <fieldset className={className}>
      <legend>{legend}</legend>
      {children}
      {remove && (
        <button type="button" className="button button--small" onClick={remove.onRemove}>
          {remove.label}
        </button>
      )}
    </fieldset>
  );
}

/**
 * The list of what is wrong, each message a link that moves the focus to its field (`idOf`: the
 * id of the path's control).
 */
export function ErrorList({
  errors,
  idOf,
}: {
  errors: readonly { path: string; message: string }[];
  idOf: (path: string) => string;
}) {
  return (
    <ul>
      {errors.map(({ path, message }) => (
        <li key={path}>
          <a
            href={`#${idOf(path)}`}
            onClick={(event) => {
              event.preventDefault();
              document.getElementById(idOf(path))?.focus();
            }}
          >
            {message}
          </a>
        </li>
      ))}
    </ul>
  );
}

/**
 * One group of situation checkboxes (the mandatory-reporting situations or the helpline's).
 * `grid` lays them out in columns (the long mandatory phrases one to a line) with the
 * situation's number; `list` one under another, as on the phone-first report form.
 */
export function CategoryChecklist({
  title,
  titleAs: Title = 'h3',
  categories,
  selected,
  onToggle,
  firstId,
  layout = 'list',
}: {
  title: string;
  titleAs?: 'h3' | 'p';
  categories: readonly SituationCategory[];
  selected: readonly SituationCategory[];
  onToggle: (category: SituationCategory, checked: boolean) => void;
  /** The first checkbox's id, for an error summary's link. */
  firstId?: string;
  layout?: 'list' | 'grid';
}) {
  const [language] = useLanguage();
  const grid = layout === 'grid';
  const long = grid && categories.some((c) => CATEGORY_META[c].mandatory !== null);
  return (
    <div className="category-group" role="group" aria-label={title}>
      <Title className="category-group__title">{title}</Title>
      <ul className={grid ? `category-grid${long ? ' category-grid--long' : ''}` : 'choices'}>
        {categories.map((category, index) => {
          const number = CATEGORY_META[category].mandatory;
          return (
            <li key={category}>
              <label className={grid ? 'category-grid__item' : 'choice'}>
                <input
                  type="checkbox"
                  id={index === 0 ? firstId : undefined}
                  name="categories"
                  value={category}
                  checked={selected.includes(category)}
                  onChange={(event) => onToggle(category, event.target.checked)}
                />
                {grid && number !== null && (
                  <span className="category-grid__number">{number}.</span>
                )}{' '}
                <span>{categoryLabel(category, language)}</span>
              </label>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/**
 * A set of checkboxes in columns, each box beside its whole label (never a box at a line's end
 * with its label on the next, as inline checkboxes wrap).
 */
export function CheckboxList<T extends string>({
  items,
  selected,
  onToggle,
}: {
  items: readonly { value: T; label: string }[];
  selected: readonly T[];
  onToggle: (value: T, checked: boolean) => void;
}) {
  return (
    <ul className="category-grid">
      {items.map(({ value, label }) => (
        <li key={value}>
          <label className="category-grid__item">
            <input
              type="checkbox"
              value={value}
              checked={selected.includes(value)}
              onChange={(event) => onToggle(value, event.target.checked)}
            />
            <span>{label}</span>
          </label>
        </li>
      ))}
    </ul>
  );
}
