import { DatePicker } from 'antd';
import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import type { Dayjs } from 'dayjs';
import type { Language } from '@hutong/shared';
import { useLanguage } from '../lib/use-language';

/**
 * How a picked date reads: the first format is shown, the others are accepted when typed. Written
 * out as the console writes dates (`2026年12月2日` / `2 Dec 2026`), never the browser's
 * locale-dependent `12/02/2026`.
 */
const DATE_FORMATS: Record<Language, string[]> = {
  'zh-CN': ['YYYY年M月D日', 'YYYY-MM-DD', 'YYYY/M/D'],
  en: ['D MMM YYYY', 'YYYY-MM-DD', 'D/M/YYYY'],
};
const DATE_TIME_FORMATS: Record<Language, string[]> = {
  'zh-CN': ['YYYY年M月D日 HH:mm', 'YYYY-MM-DD HH:mm'],
  en: ['D MMM YYYY, HH:mm', 'YYYY-MM-DD HH:mm'],
};
// Reading typed dates in the formats above (antd loads it too; this file does not rely on that).
dayjs.extend(customParseFormat);

const BEIJING_OFFSET_MS = 8 * 3600_000;

interface CommonProps {
  id: string;
  invalid?: boolean | undefined;
  describedBy?: string | undefined;
  placeholder?: string | undefined;
  disabled?: boolean | undefined;
}

/** A calendar date (`YYYY-MM-DD`, or '' for none) with antd's date picker in the reader's language. */
export function DateInput({
  value,
  onChange,
  max,
  ...common
}: CommonProps & {
  value: string;
  onChange: (value: string) => void;
  /** The latest date offered (`YYYY-MM-DD`). */
  max?: string | undefined;
}) {
  const [language] = useLanguage();
  const parsed = value ? dayjs(value, 'YYYY-MM-DD', true) : null;
  return (
    <DatePicker
      {...pickerProps(common)}
      format={DATE_FORMATS[language]}
      value={parsed?.isValid() ? parsed : null}
      disabledDate={max ? (day: Dayjs) => day.format('YYYY-MM-DD') > max : undefined}
      onChange={(day: Dayjs | null) => onChange(day ? day.format('YYYY-MM-DD') : '')}
      // Emptying the text and leaving the field clears it, as in a plain input (antd only
      // clears from its mouse-only clear icon and would put the old date back).
      onBlur={(event) => {
        if (value && (event.target as HTMLInputElement).value === '') onChange('');
      }}
    />
  );
}

/**
 * A moment picked as Beijing wall-clock time, whatever the browser's time zone: `value` and
 * `onChange` carry ISO instants (undefined for none), as the server stores them.
 */
export function BeijingDateTimeInput({
  value,
  onChange,
  ...common
}: CommonProps & {
  value: string | undefined;
  onChange: (value: string | undefined) => void;
}) {
  const [language] = useLanguage();
  const wall = value ? beijingWallClock(value) : null;
  return (
    <DatePicker
      {...pickerProps(common)}
      showTime={{ format: 'HH:mm' }}
      format={DATE_TIME_FORMATS[language]}
      value={wall ? dayjs(wall) : null}
      onChange={(day: Dayjs | null) =>
        onChange(day ? fromBeijingWallClock(day.format('YYYY-MM-DDTHH:mm')) : undefined)
      }
      onBlur={(event) => {
        if (value && (event.target as HTMLInputElement).value === '') onChange(undefined);
      }}
    />
  );
}

/** `2026-12-02T00:55:00Z` → `2026-12-02T08:55` (Beijing's wall clock); null when unreadable. */
export function beijingWallClock(iso: string): string | null {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 16);
}

/** Today's date in Beijing (`YYYY-MM-DD`). */
export function beijingToday(): string {
  return new Date(Date.now() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** `2026-12-02T08:55` read as Beijing time → the ISO instant. */
export function fromBeijingWallClock(wall: string): string {
  return new Date(`${wall}:00+08:00`).toISOString();
}

function pickerProps({ id, invalid, describedBy, placeholder, disabled }: CommonProps) {
  return {
    id,
    status: invalid ? ('error' as const) : undefined,
    'aria-invalid': invalid || undefined,
    'aria-describedby': describedBy,
    placeholder,
    disabled,
    style: { minWidth: 200 },
  };
}

/** `DateInput` as an antd `Form.Item` child: the form passes `id`, `value` and `onChange`. */
export function FormDateInput({
  id = '',
  value,
  onChange,
  max,
}: {
  id?: string;
  value?: string;
  onChange?: (value: string) => void;
  max?: string;
}) {
  return <DateInput id={id} value={value ?? ''} onChange={(v) => onChange?.(v)} max={max} />;
}

/** `BeijingDateTimeInput` as an antd `Form.Item` child (ISO instants in and out). */
export function FormBeijingDateTimeInput({
  id = '',
  value,
  onChange,
}: {
  id?: string;
  value?: string;
  onChange?: (value: string | undefined) => void;
}) {
  return <BeijingDateTimeInput id={id} value={value} onChange={(v) => onChange?.(v)} />;
}
