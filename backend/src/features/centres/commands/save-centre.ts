import { eq } from 'drizzle-orm';
import {
  AppError,
  ZCreateCentre,
  ZUpdateCentre,
  type TCentre,
  type TCreateCentre,
  type TUpdateCentre,
} from '@hutong/shared';
import type { Context } from '../../../context.js';
import { centres } from '../../../db/schema.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { presentCentre } from '../centres.presenter.js';

/** Unknown region codes are a 400 naming the field, not a foreign-key error. */
function checkRegions(
  ctx: Context,
  input: { regionCode?: string | undefined; jurisdiction?: string[] | undefined },
): void {
  const problems: Record<string, string> = {};
  if (input.regionCode !== undefined && !ctx.regions.has(input.regionCode))
    problems.regionCode = 'Unknown region';
  input.jurisdiction?.forEach((code, i) => {
    if (!ctx.regions.has(code)) problems[`jurisdiction.${i}`] = 'Unknown region';
  });
  if (Object.keys(problems).length > 0) {
    throw new AppError('VALIDATION_FAILED', {
      message: 'The body has invalid fields',
      data: problems,
    });
  }
}

/** `POST /api/centres` (admins). */
export async function createCentre(
  ctx: Context,
  actor: Actor,
  body: TCreateCentre,
): Promise<TCentre> {
  const input = ZCreateCentre.parse(body);
  checkRegions(ctx, input);
  const row = await ctx.db.transaction(async (tx) => {
    const [created] = await tx.insert(centres).values(input).returning();
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'centre.created',
      entityType: 'centre',
      entityId: created!.id,
      data: { kind: input.kind, regionCode: input.regionCode, active: input.active },
    });
    return created!;
  });
  return presentCentre(row, ctx.regions);
}

/** `PATCH /api/centres/:id` (admins). */
export async function updateCentre(
  ctx: Context,
  actor: Actor,
  id: string,
  body: TUpdateCentre,
): Promise<TCentre> {
  const input = ZUpdateCentre.parse(body);
  checkRegions(ctx, input);
  const row = await ctx.db.transaction(async (tx) => {
    const [updated] =
      Object.keys(input).length === 0
        ? await tx.select().from(centres).where(eq(centres.id, id))
        : await tx.update(centres).set(input).where(eq(centres.id, id)).returning();
    if (!updated) throw new AppError('NOT_FOUND', { message: 'No such centre' });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'centre.updated',
      entityType: 'centre',
      entityId: id,
      data: { changed: Object.keys(input) },
    });
    return updated;
  });
  return presentCentre(row, ctx.regions);
}
