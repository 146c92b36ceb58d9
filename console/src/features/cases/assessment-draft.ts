import { ZAssessment, type TAssessment } from '@hutong/shared';
import type { TFunction } from 'i18next';
import type { z } from 'zod';

/** The assessment parts the operator sees as sections, in form order. */
export const ASSESSMENT_FIELDS = [
  'children',
  'categories',
  'injuries',
  'suspects',
  'circumstances',
  'guardianship',
  'guardianshipNotes',
  'risks',
  'location',
  'police',
] as const satisfies readonly (keyof TAssessment)[];
export type AssessmentField = (typeof ASSESSMENT_FIELDS)[number];

/** Drops what the form holds but the API does not want: empty text, empty lists, empty groups. */
export function cleanAssessment(draft: TAssessment): TAssessment {
  const clean = (value: unknown): unknown => {
    if (typeof value === 'string') return value.trim() === '' ? undefined : value;
    if (typeof value === 'number') return value;
    if (Array.isArray(value)) return value.map(clean).filter((v) => v !== undefined);
    if (value && typeof value === 'object') {
      const entries = Object.entries(value)
        .map(([k, v]) => [k, clean(v)] as const)
        .filter(([, v]) => v !== undefined);
      return entries.length ? Object.fromEntries(entries) : undefined;
    }
    return value;
  };
  const out = clean(draft) as TAssessment | undefined;
  const result: TAssessment = { ...(out ?? {}) };
  // A child with nothing filled in is a row the operator has just added: keep it out of the save.
  if (result.children) result.children = result.children.filter((c) => Object.keys(c).length > 0);
  for (const key of ASSESSMENT_FIELDS) {
    const value = result[key];
    if (Array.isArray(value) && value.length === 0) delete result[key];
  }
  return result;
}

/** Validation messages by field path (`children.0.idNumber`), in the operator's language. */
export function validateAssessment(
  draft: TAssessment,
  t: TFunction,
): { ok: true; value: TAssessment } | { ok: false; errors: Record<string, string> } {
  const parsed = ZAssessment.safeParse(cleanAssessment(draft));
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, errors: assessmentErrors(parsed.error.issues, t) };
}

/** Turns zod issues (from the form or the server's field paths) into our own words. */
export function assessmentErrors(
  issues: readonly Pick<z.core.$ZodIssue, 'path' | 'code'>[],
  t: TFunction,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const path = issue.path.map(String).join('.');
    const last = String(issue.path.at(-1) ?? '');
    out[path] ??=
      last === 'idNumber'
        ? t('work.errors.idNumber')
        : last === 'age'
          ? t('work.errors.age')
          : last === 'birthDate'
            ? t('work.errors.birthDate')
            : path === 'police.at'
              ? t('work.errors.policeAt')
              : last === 'regionCode'
                ? t('work.errors.region')
                : issue.code === 'too_big'
                  ? t('work.errors.tooLong')
                  : t('work.errors.invalid');
  }
  return out;
}

/** Which parts differ between two assessments (what someone else changed). */
export function changedFields(a: TAssessment, b: TAssessment): AssessmentField[] {
  return ASSESSMENT_FIELDS.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}
