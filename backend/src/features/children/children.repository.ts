import { and, asc, desc, eq, isNull, or } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { assessChildRisk, effectiveRisk, nextVisitDue, type TVisitPhoto } from '@hutong/shared';
import type { Executor } from '../../db/client.js';
import { childChanges, childGuardians, children, childVisits, users } from '../../db/schema.js';
import { readVisitSettings } from './visit-settings.js';
import { findVisitPhotos } from './visit-photos.js';

export type ChildRow = typeof children.$inferSelect;
type GuardianRow = typeof childGuardians.$inferSelect;
export type VisitRow = typeof childVisits.$inferSelect;

/**
 * Recomputes a child's risk by the shared rules (categories, guardians, the latest visit's
 * checklist), the level in force with any raise, and when the next visit falls due: the days for
 * that level after the latest visit (or the registration) × `HUTONG_TIME_SCALE`. In the caller's
 * transaction, after the change that calls for it.
 */
export async function recomputeRisk(
  tx: Executor,
  childId: string,
  timeScale: number,
): Promise<ChildRow> {
  const [child] = await tx.select().from(children).where(eq(children.id, childId));
  if (!child) throw new Error(`No child ${childId}`);
  const guardians = await tx
    .select({ livesWithChild: childGuardians.livesWithChild })
    .from(childGuardians)
    .where(eq(childGuardians.childId, childId));
  const [latest] = await tx
    .select({ visitedAt: childVisits.visitedAt, checklist: childVisits.checklist })
    .from(childVisits)
    // A check-in call nobody answered is on the file, but nobody was visited: it moves no dates.
    .where(
      and(
        eq(childVisits.childId, childId),
        or(isNull(childVisits.callOutcome), eq(childVisits.callOutcome, 'answered')),
      ),
    )
    .orderBy(desc(childVisits.visitedAt), desc(childVisits.createdAt))
    .limit(1);
  const rules = assessChildRisk({
    categories: child.categories,
    guardians,
    lastChecklist: latest?.checklist ?? null,
  });
  const level = effectiveRisk(rules.level, child.raisedRiskLevel);
  const { visitDays } = await readVisitSettings(tx);
  const from = latest?.visitedAt ?? child.createdAt;
  const [updated] = await tx
    .update(children)
    .set({
      riskLevel: level,
      ruleRiskLevel: rules.level,
      riskReasons: rules.reasons,
      lastVisitAt: latest?.visitedAt ?? null,
      nextVisitDue:
        child.status === 'open' ? nextVisitDue(from, visitDays[level], timeScale) : null,
    })
    .where(eq(children.id, childId))
    .returning();
  return updated!;
}

export interface ChildFileRows {
  child: ChildRow;
  guardians: GuardianRow[];
  visits: (VisitRow & { byName: string | null })[];
  changes: (typeof childChanges.$inferSelect & { byName: string | null })[];
  /** Each visit's photos (listed, no bytes), by visit id. */
  photos: Map<string, TVisitPhoto[]>;
  raisedByName: string | null;
  createdByName: string | null;
}

/** Everything a file shows, or null for an unknown id. */
export async function loadChildFile(exec: Executor, id: string): Promise<ChildFileRows | null> {
  const raiser = alias(users, 'raiser');
  const creator = alias(users, 'creator');
  const [found] = await exec
    .select({
      child: children,
      raisedByName: raiser.displayName,
      createdByName: creator.displayName,
    })
    .from(children)
    .leftJoin(raiser, eq(raiser.id, children.raisedBy))
    .leftJoin(creator, eq(creator.id, children.createdBy))
    .where(eq(children.id, id));
  if (!found) return null;
  const guardians = await exec
    .select()
    .from(childGuardians)
    .where(eq(childGuardians.childId, id))
    .orderBy(asc(childGuardians.position));
  const visits = await exec
    .select({ visit: childVisits, byName: users.displayName })
    .from(childVisits)
    .leftJoin(users, eq(users.id, childVisits.createdBy))
    .where(eq(childVisits.childId, id))
    .orderBy(desc(childVisits.visitedAt), desc(childVisits.createdAt));
  const changes = await exec
    .select({ change: childChanges, byName: users.displayName })
    .from(childChanges)
    .leftJoin(users, eq(users.id, childChanges.actorId))
    .where(eq(childChanges.childId, id))
    .orderBy(desc(childChanges.id));
  return {
    ...found,
    guardians,
    visits: visits.map((v) => ({ ...v.visit, byName: v.byName })),
    changes: changes.map((c) => ({ ...c.change, byName: c.byName })),
    photos: await findVisitPhotos(exec, { childId: id }),
  };
}
