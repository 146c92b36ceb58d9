import type { ReactNode } from 'react';
import { CATEGORY_META, type SituationCategory } from '@hutong/shared';
import { categoryLabel } from '../lib/format';
import { useLanguage } from '../lib/use-language';

/**
 * The console's one form kit for the report and assessment forms: a text field, a field error and
 * the situation checklist, with the same markup, ids and aria wiring everywhere. Plain elements,
 * not antd: the public report page loads it on slow phones (see its first-load JS budget).
 */

/** A field's error message, to be named by the input's `aria-describedby`. */
export function FieldError({ id, children }: { id: string; children: ReactNode }) {
  if (!children) return null;
  return (
    <p id={id} className="field-error">
      {children}
    </p>
  );
}

/** A labelled one-line text input with its error below it. */
export function TextField({
  id,
  label,
  value,
  onChange,
  error,
  describedBy,
  type = 'text',
  autoComplete,
}: {
  id: string;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  /** The rendered error (a `FieldError`), or nothing. */
  error?: ReactNode;
  describedBy?: string | undefined;
  type?: 'text' | 'tel';
  autoComplete?: string;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        value={value}
        autoComplete={autoComplete}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(event) => onChange(event.target.value)}
      />
      {error}
    </div>
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
