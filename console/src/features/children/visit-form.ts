import {
  VISIT_CHECKLIST_ITEMS,
  type TCreateVisit,
  type VisitChecklistItem,
  type VisitKind,
  type VisitSeen,
} from '@hutong/shared';

type Answer = 'yes' | 'no' | 'unchecked';

/** The visit form's values (also what a draft keeps on the phone). */
export interface VisitFormValues {
  kind?: VisitKind;
  when?: string;
  seen?: VisitSeen[];
  checklist?: Partial<Record<VisitChecklistItem, Answer>>;
  notes?: string;
}

/** The request body for the form's values; unanswered items are left out (recorded unchecked). */
export function visitBodyFrom(values: VisitFormValues, now = new Date()): TCreateVisit {
  const checklist: NonNullable<TCreateVisit['checklist']> = {};
  for (const item of VISIT_CHECKLIST_ITEMS) {
    const answer = values.checklist?.[item];
    if (answer === 'yes') checklist[item] = true;
    if (answer === 'no') checklist[item] = false;
  }
  const when = values.when ? new Date(values.when) : now;
  return {
    kind: values.kind ?? 'home',
    visitedAt: Number.isNaN(when.getTime()) ? '' : when.toISOString(),
    seen: values.seen ?? [],
    checklist,
    ...(values.notes?.trim() ? { notes: values.notes.trim() } : {}),
  };
}

/** The form's values for a body (a refused visit taken back into the form). */
export function visitFormValuesOf(body: TCreateVisit): VisitFormValues {
  const checklist: Partial<Record<VisitChecklistItem, Answer>> = {};
  for (const item of VISIT_CHECKLIST_ITEMS) {
    const value = body.checklist?.[item];
    if (value === true) checklist[item] = 'yes';
    if (value === false) checklist[item] = 'no';
  }
  return {
    kind: body.kind,
    when: body.visitedAt,
    seen: body.seen ?? [],
    checklist,
    ...(body.notes ? { notes: body.notes } : {}),
  };
}
