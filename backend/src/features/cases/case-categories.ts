import { z } from 'zod';
import { SITUATION_CATEGORIES, type SituationCategory } from '@hutong/shared';

const ZAssessedCategories = z
  .object({ categories: z.array(z.enum(SITUATION_CATEGORIES)).optional() })
  .catch({});

/**
 * What a case is about: the categories the operator assessed once they have set any, else those
 * the reports gave. Queues, live events and the closing rules all read it from here.
 */
export function caseCategories(row: {
  categories: SituationCategory[];
  assessment: unknown;
}): SituationCategory[] {
  const assessed = ZAssessedCategories.parse(row.assessment).categories;
  return assessed?.length ? [...new Set(assessed)] : row.categories;
}
