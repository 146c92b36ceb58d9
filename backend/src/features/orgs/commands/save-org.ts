import {
  AppError,
  ZCreateOrg,
  ZUpdateOrg,
  type TCreateOrg,
  type TOrg,
  type TUpdateOrg,
} from '@hutong/shared';
import { eq } from 'drizzle-orm';
import type { Context } from '../../../context.js';
import { reporterOrgs } from '../../../db/schema.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { orgAuditSnapshot, presentOrg } from '../orgs.presenter.js';
import { findOrgForUpdate, findOrgKeys } from '../orgs.repository.js';

/** An unknown region code is a 400 naming the field, not a foreign-key error. */
function checkRegion(ctx: Context, regionCode: string | undefined): void {
  if (regionCode !== undefined && !ctx.regions.has(regionCode)) {
    throw new AppError('VALIDATION_FAILED', {
      message: 'The body has invalid fields',
      data: { regionCode: 'Unknown region' },
    });
  }
}

/** `YYYY-MM-DD` → midnight UTC that day; null stays null. */
function letterDate(value: string | null): Date | null {
  return value === null ? null : new Date(`${value}T00:00:00.000Z`);
}

/** `POST /api/admin/orgs`: a mandatory-reporting organisation, audited. */
export async function createOrg(ctx: Context, actor: Actor, body: TCreateOrg): Promise<TOrg> {
  const input = ZCreateOrg.parse(body);
  checkRegion(ctx, input.regionCode);
  const row = await ctx.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(reporterOrgs)
      .values({ ...input, letterSignedAt: letterDate(input.letterSignedAt) })
      .returning();
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'org.created',
      entityType: 'reporter_org',
      entityId: created!.id,
      data: { before: null, after: orgAuditSnapshot(created!) },
    });
    return created!;
  });
  return presentOrg(row, [], ctx.regions);
}

/** `PATCH /api/admin/orgs/:id`: any of the fields, audited before and after. */
export async function updateOrg(
  ctx: Context,
  actor: Actor,
  id: string,
  body: TUpdateOrg,
): Promise<TOrg> {
  const input = ZUpdateOrg.parse(body);
  checkRegion(ctx, input.regionCode);
  return ctx.db.transaction(async (tx) => {
    const before = await findOrgForUpdate(tx, id);
    if (!before) throw new AppError('NOT_FOUND', { message: 'No such organisation' });
    const { letterSignedAt, ...rest } = input;
    const changes = {
      ...rest,
      ...(letterSignedAt !== undefined ? { letterSignedAt: letterDate(letterSignedAt) } : {}),
    };
    const [after] =
      Object.keys(changes).length === 0
        ? [before]
        : await tx.update(reporterOrgs).set(changes).where(eq(reporterOrgs.id, id)).returning();
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'org.updated',
      entityType: 'reporter_org',
      entityId: id,
      data: { before: orgAuditSnapshot(before), after: orgAuditSnapshot(after!) },
    });
    return presentOrg(after!, await findOrgKeys(tx, id), ctx.regions);
  });
}
