import { eq, sql } from 'drizzle-orm';
import {
  guardianLeftWarning,
  AppError,
  CHILD_RISK_RANK,
  type TChildFile,
  type ZCloseChild,
  type ZRaiseChildRisk,
  type ZUpdateChild,
} from '@hutong/shared';
import type { z } from 'zod';
import type { Context } from '../../../context.js';
import type { Tx } from '../../../db/client.js';
import { isUniqueViolation } from '../../../db/errors.js';
import { childChanges, childGuardians, children } from '../../../db/schema.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import {
  childIdentityHash,
  childNameHash,
  openGuardian,
  openText,
  sealChildPhone,
  sealGuardian,
  sealText,
} from '../child-content.js';
import { assertMayManage } from '../children.policy.js';
import { presentChildFile } from '../children.presenter.js';
import { loadChildFile, recomputeRisk, type ChildRow } from '../children.repository.js';
import { alreadyRegistered, checkVillage } from './register-child.js';
import { childInScope } from './read-children.js';
import { raiseWarning, type WarningEventRef } from '../../warnings/warnings.repository.js';
import { dropSweepTasks } from '../../sweeps/sweeps.repository.js';

type Update = z.output<typeof ZUpdateChild>;

/** Loads a file the user may change: in scope (else 404), in their region (else 403), open (else 409). */
async function changeable(ctx: Context, actor: Actor, id: string) {
  const rows = await childInScope(ctx, actor, id);
  assertMayManage(ctx, actor, rows.child.regionCode);
  if (rows.child.status === 'closed')
    throw new AppError('CONFLICT', { message: 'This file is closed' });
  return rows;
}

/** Locks the child's row for the change and fails if it was closed meanwhile. */
async function lockOpen(tx: Tx, id: string): Promise<ChildRow> {
  const [locked] = await tx.select().from(children).where(eq(children.id, id)).for('update');
  if (!locked || locked.status === 'closed')
    throw new AppError('CONFLICT', { message: 'This file is closed' });
  return locked;
}

async function answer(ctx: Context, id: string): Promise<TChildFile> {
  return presentChildFile((await loadChildFile(ctx.db, id))!, ctx.regions);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * `PATCH /api/children/:id`: changes the file (guardians, when given, replace the list). Each
 * change is a timeline entry naming the fields changed, with the before and after of what is not
 * personal (categories, region, sex, risk level). Risk and the next visit are recomputed.
 */
export async function updateChild(
  ctx: Context,
  actor: Actor,
  id: string,
  input: Update,
): Promise<TChildFile> {
  const { child, guardians } = await changeable(ctx, actor, id);
  const key = ctx.config.dataKey;
  const regionCode = input.regionCode ?? child.regionCode;
  const regionPath = input.regionCode
    ? checkVillage(ctx, actor, input.regionCode)
    : child.regionPath;
  const before = {
    name: openText(child.name) ?? '',
    dateOfBirth: openText(child.dateOfBirth),
    age: child.ageAtRegistration,
    school: openText(child.school),
    health: openText(child.health),
    notes: openText(child.notes),
    phone: openText(child.phone),
    guardians: guardians.map(openGuardian),
  };
  const name = input.name ?? before.name;
  // A date of birth replaces an age and the other way round.
  const dateOfBirth = input.dateOfBirth ?? (input.age !== undefined ? null : before.dateOfBirth);
  const age = input.dateOfBirth ? null : (input.age ?? (dateOfBirth ? null : before.age));
  const changed: string[] = [];
  const note = (field: string, was: unknown, now: unknown) => {
    if (!same(was, now)) changed.push(field);
  };
  note('name', before.name, name);
  note('sex', child.sex, input.sex ?? child.sex);
  note('dateOfBirth', before.dateOfBirth, dateOfBirth);
  note('age', before.age, age);
  note('regionCode', child.regionCode, regionCode);
  if (input.categories) note('categories', child.categories, input.categories);
  if (input.phone !== undefined) note('phone', before.phone, input.phone);
  if (input.guardians) note('guardians', before.guardians, input.guardians);
  for (const field of ['school', 'health', 'notes'] as const)
    if (input[field] !== undefined) note(field, before[field], input[field] || null);
  if (changed.length === 0) return answer(ctx, id);

  const identityHash = childIdentityHash(key, { regionCode, name, dateOfBirth, age });
  const raised: WarningEventRef[] = [];
  try {
    await ctx.db.transaction(async (tx) => {
      await lockOpen(tx, id);
      await tx
        .update(children)
        .set({
          identityHash,
          nameHash: childNameHash(key, name),
          name: sealText(key, name)!,
          sex: input.sex ?? child.sex,
          dateOfBirth: sealText(key, dateOfBirth),
          ageAtRegistration: age,
          regionCode,
          regionPath,
          categories: input.categories ?? child.categories,
          ...(input.phone !== undefined ? sealChildPhone(key, input.phone) : {}),
          ...(input.school !== undefined ? { school: sealText(key, input.school) } : {}),
          ...(input.health !== undefined ? { health: sealText(key, input.health) } : {}),
          ...(input.notes !== undefined ? { notes: sealText(key, input.notes) } : {}),
          version: sql`${children.version} + 1`,
          updatedAt: new Date(),
        })
        .where(eq(children.id, id));
      if (input.guardians) {
        await tx.delete(childGuardians).where(eq(childGuardians.childId, id));
        if (input.guardians.length > 0)
          await tx.insert(childGuardians).values(
            input.guardians.map((g, position) => ({
              ...sealGuardian(key, g),
              childId: id,
              position,
            })),
          );
      }
      const after = await recomputeRisk(tx, id, ctx.config.timeScale);
      const details: Record<string, unknown> = {};
      if (changed.includes('categories'))
        details.categories = { before: child.categories, after: after.categories };
      if (changed.includes('regionCode'))
        details.regionCode = { before: child.regionCode, after: regionCode };
      if (changed.includes('sex')) details.sex = { before: child.sex, after: after.sex };
      if (after.riskLevel !== child.riskLevel)
        details.riskLevel = { before: child.riskLevel, after: after.riskLevel };
      const [change] = await tx
        .insert(childChanges)
        .values({ childId: id, actorId: actor.id, action: 'updated', fields: changed, details })
        .returning({ id: childChanges.id });
      // A left-behind child's guardian leaving warns the director, township and supervisors.
      const left = input.guardians
        ? guardianLeftWarning(after, change!.id, before.guardians, input.guardians)
        : null;
      const event = left ? await raiseWarning(tx, after, left) : null;
      if (event) raised.push(event);
      await writeAudit(tx, {
        actorId: actor.id,
        action: 'child.updated',
        entityType: 'child',
        entityId: id,
        data: { changed, ...details },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw await alreadyRegistered(ctx, identityHash);
    throw err;
  }
  await ctx.warningFeed.publish(ctx, raised);
  return answer(ctx, id);
}

/**
 * `POST /api/children/:id/risk`: a director raises the level above the rules' with a reason, or
 * clears a raise (`level: null`). A level at or below the rules' is refused: the rules' level is
 * the floor, and nobody lowers a child below it.
 */
export async function raiseChildRisk(
  ctx: Context,
  actor: Actor,
  id: string,
  input: z.output<typeof ZRaiseChildRisk>,
): Promise<TChildFile> {
  const { child } = await changeable(ctx, actor, id);
  if (input.level && CHILD_RISK_RANK[input.level] <= CHILD_RISK_RANK[child.ruleRiskLevel]) {
    throw new AppError('VALIDATION_FAILED', {
      message: 'The body has invalid fields',
      data: { level: `The rules already give ${child.ruleRiskLevel}: choose a higher level` },
    });
  }
  await ctx.db.transaction(async (tx) => {
    await lockOpen(tx, id);
    await tx
      .update(children)
      .set({
        raisedRiskLevel: input.level,
        raisedRiskReason: input.level ? sealText(ctx.config.dataKey, input.reason) : null,
        raisedBy: input.level ? actor.id : null,
        raisedAt: input.level ? new Date() : null,
        version: sql`${children.version} + 1`,
        updatedAt: new Date(),
      })
      .where(eq(children.id, id));
    const after = await recomputeRisk(tx, id, ctx.config.timeScale);
    const details = {
      raised: input.level,
      riskLevel: { before: child.riskLevel, after: after.riskLevel },
    };
    await tx.insert(childChanges).values({
      childId: id,
      actorId: actor.id,
      action: 'risk_raised',
      fields: ['risk'],
      details,
    });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'child.risk_raised',
      entityType: 'child',
      entityId: id,
      data: details,
    });
  });
  return answer(ctx, id);
}

/** `POST /api/children/:id/close`: closes the file with a reason (never deleted). */
export async function closeChild(
  ctx: Context,
  actor: Actor,
  id: string,
  input: z.output<typeof ZCloseChild>,
): Promise<TChildFile> {
  await changeable(ctx, actor, id);
  const dropped = await ctx.db.transaction(async (tx) => {
    await lockOpen(tx, id);
    const now = new Date();
    await tx
      .update(children)
      .set({
        status: 'closed',
        closedAt: now,
        closeReason: input.reason,
        closeNote: sealText(ctx.config.dataKey, input.note),
        nextVisitDue: null,
        version: sql`${children.version} + 1`,
        updatedAt: now,
      })
      .where(eq(children.id, id));
    await tx.insert(childChanges).values({
      childId: id,
      actorId: actor.id,
      action: 'closed',
      fields: ['status'],
      details: { reason: input.reason },
    });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'child.closed',
      entityType: 'child',
      entityId: id,
      data: { reason: input.reason },
    });
    // Its visits still to do in open sweeps stop counting (issue 12 §3).
    return dropSweepTasks(tx, id);
  });
  await ctx.sweepFeed.publish(ctx, dropped);
  return answer(ctx, id);
}
