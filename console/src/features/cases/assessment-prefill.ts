import {
  INTAKE_LIMITS,
  type TAssessedChild,
  type TAssessment,
  type TCaseDetail,
} from '@hutong/shared';

/** Whether nobody has saved an assessment on this case yet (none recorded, none stored). */
function assessmentNeverSaved(detail: TCaseDetail): boolean {
  return (
    Object.keys(detail.assessment).length === 0 &&
    !detail.events.some((event) => event.type === 'assessment_updated')
  );
}

/**
 * The assessment as the reports tell it, for the operator to confirm instead of retyping: every
 * child the reports name (the same child told twice once), "in danger now" when any report said
 * so, and where the first report that gave a place put the child.
 */
function assessmentFromReports(detail: TCaseDetail): TAssessment {
  const seen = new Set<string>();
  const children: TAssessedChild[] = [];
  for (const child of detail.reports.flatMap((report) => report.children)) {
    const assessed: TAssessedChild = {
      ...(child.name ? { name: child.name } : {}),
      ...(child.sex ? { sex: child.sex } : {}),
      ...(child.age !== undefined ? { age: child.age } : {}),
      ...(child.school ? { school: child.school } : {}),
    };
    const key = JSON.stringify([assessed.name, assessed.sex, assessed.age, assessed.school]);
    if (Object.keys(assessed).length === 0 || seen.has(key)) continue;
    seen.add(key);
    children.push(assessed);
  }
  const placed = detail.reports.find((r) => r.location.regionCode || r.location.address);
  const location = placed && {
    ...(placed.location.regionCode ? { regionCode: placed.location.regionCode } : {}),
    ...(placed.location.address ? { address: placed.location.address } : {}),
  };
  return {
    ...(children.length ? { children: children.slice(0, INTAKE_LIMITS.childrenMax) } : {}),
    ...(detail.reports.some((r) => r.immediateDanger) ? { risks: ['immediate_danger'] } : {}),
    ...(location ? { location } : {}),
  };
}

/** What the form starts from: the saved assessment, or the reports' account if none was saved. */
export function initialAssessment(detail: TCaseDetail): {
  assessment: TAssessment;
  prefilled: boolean;
} {
  if (!assessmentNeverSaved(detail)) return { assessment: detail.assessment, prefilled: false };
  const assessment = assessmentFromReports(detail);
  return { assessment, prefilled: Object.keys(assessment).length > 0 };
}
