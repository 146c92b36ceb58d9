import { ZCreateReport, fieldErrors } from '@hutong/shared';
import type {
  Language,
  ReporterRelationship,
  Sex,
  SituationCategory,
  TCreateReportParsed,
} from '@hutong/shared';
import type { TFunction } from 'i18next';
import { formatLabel } from '../../lib/messages';
import { REPORT_MESSAGES } from './messages';

/** One child as typed into the form; every field may stay empty. */
export interface ChildValues {
  /** Stable React key, so removing a child does not shift the others' inputs. */
  key: string;
  name: string;
  sex: Sex | '';
  age: string;
}

/** The report form's raw state: strings as typed, turned into a report only on submit. */
export interface ReportValues {
  categories: SituationCategory[];
  immediateDanger: 'yes' | 'no' | '';
  children: ChildValues[];
  /** Selected region codes, province first. */
  regionPath: string[];
  address: string;
  narrative: string;
  reporterType: 'anonymous' | 'person' | 'organisation';
  reporterName: string;
  reporterPhone: string;
  reporterRelationship: ReporterRelationship | '';
  orgName: string;
  /** Consent to a text when the case is resolved (needs the phone number). */
  notifyWhenResolved: boolean;
}

let childKeys = 0;

/** An empty child row. */
export function emptyChild(): ChildValues {
  childKeys += 1;
  return { key: `child-${childKeys}`, name: '', sex: '', age: '' };
}

/** A blank form: one child, anonymous, nothing chosen. */
export function emptyReport(): ReportValues {
  return {
    categories: [],
    immediateDanger: '',
    children: [emptyChild()],
    regionPath: [],
    address: '',
    narrative: '',
    reporterType: 'anonymous',
    reporterName: '',
    reporterPhone: '',
    reporterRelationship: '',
    orgName: '',
    notifyWhenResolved: false,
  };
}

const text = (value: string) => (value.trim() === '' ? undefined : value.trim());

/**
 * Turns the form into the body of POST /api/reports, leaving out what was left empty. Values
 * that cannot be right (an age of "7.5") are passed through so the shared schema rejects them.
 */
function toReportBody(values: ReportValues, language: Language): Record<string, unknown> {
  const reporter =
    values.reporterType === 'anonymous'
      ? { type: 'anonymous' }
      : values.reporterType === 'person'
        ? {
            type: 'person',
            name: text(values.reporterName),
            phone: text(values.reporterPhone),
            relationship: values.reporterRelationship || undefined,
          }
        : {
            type: 'organisation',
            orgName: values.orgName.trim(),
            name: text(values.reporterName),
            phone: text(values.reporterPhone),
          };
  const regionCode = values.regionPath.at(-1);
  const address = text(values.address);
  return withoutUndefined({
    reporter: withoutUndefined(reporter),
    children: values.children.map((child) =>
      withoutUndefined({
        name: text(child.name),
        sex: child.sex || undefined,
        age: child.age.trim() === '' ? undefined : Number(child.age),
      }),
    ),
    categories: values.categories,
    immediateDanger: values.immediateDanger === '' ? undefined : values.immediateDanger === 'yes',
    location:
      regionCode === undefined && address === undefined
        ? undefined
        : withoutUndefined({ regionCode, address }),
    narrative: values.narrative.trim() === '' ? undefined : values.narrative,
    language,
    notifyWhenResolved:
      values.reporterType !== 'anonymous' && values.notifyWhenResolved ? true : undefined,
  });
}

function withoutUndefined(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}

/** Field path → message, e.g. `{ "children.0.age": "…" }`; paths match the server's. */
export type FieldErrors = Record<string, string>;

/** Checks the form with the same schema the server uses; returns the body or the field errors. */
export function validateReport(
  values: ReportValues,
  language: Language,
): { ok: true; body: TCreateReportParsed } | { ok: false; errors: FieldErrors } {
  const parsed = ZCreateReport.safeParse(toReportBody(values, language));
  if (parsed.success) return { ok: true, body: parsed.data };
  return { ok: false, errors: fieldErrors(parsed.error.issues) };
}

/**
 * The message shown under a field: our own translated wording for the paths the form knows,
 * the (safe, English) message from the schema or server otherwise.
 */
export function fieldMessage(
  path: string,
  fallback: string,
  t: TFunction,
  language: Language = 'zh-CN',
): string {
  if (path === 'notifyWhenResolved') {
    return formatLabel(REPORT_MESSAGES['errors.notifyPhone'], language);
  }
  if (path === 'categories' || path.startsWith('categories.')) return t('report.errors.categories');
  if (path === 'immediateDanger') return t('report.errors.immediateDanger');
  if (path === 'children') return t('report.errors.children');
  if (/^children\.\d+\.age$/.test(path)) return t('report.errors.age');
  if (path === 'reporter.phone') return t('report.errors.phone');
  if (path === 'reporter.orgName') return t('report.errors.orgName');
  if (path === 'location.regionCode') return t('report.errors.region');
  if (/(name|address|narrative|school)$/i.test(path) && /too big|too long|max/i.test(fallback)) {
    return t('report.errors.tooLong');
  }
  return fallback;
}

/** The input id a field path points at, so error links and aria-describedby line up. */
export function fieldId(path: string): string {
  if (path === 'categories' || path.startsWith('categories.')) return 'report-categories';
  if (/^children\.\d+$/.test(path)) return `report-${path.replace(/\./g, '-')}-name`;
  if (path.startsWith('location.regionCode')) return 'report-region-0';
  return `report-${path.replace(/\./g, '-')}`;
}
