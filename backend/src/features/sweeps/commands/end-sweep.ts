import { and, eq, sql } from 'drizzle-orm';
import { AppError, type TSweepDetail, type ZEndSweep } from '@hutong/shared';
import type { z } from 'zod';
import type { Context } from '../../../context.js';
import { sweeps } from '../../../db/schema.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { assertMayStart, sweepNotFound, sweepScope, sweepVisible } from '../sweeps.policy.js';
import { villageCounts } from '../sweeps.repository.js';
import { sweepCounts } from '../sweeps.presenter.js';
import { readSweep } from './read-sweeps.js';

/** How a sweep ends: closed (done) or cancelled (called off). */
export type SweepEnd = 'closed' | 'cancelled';

/**
 * `POST /api/sweeps/:id/close` and `/cancel`: ends an open sweep with a reason. Whoever may start
 * a sweep over its region may end it (township supervisors within their township, supervisors
 * anywhere: 403 otherwise; a sweep the user does not see is 404); an ended sweep is 409. The
 * sweep's row is locked, so a visit at the same moment lands before the end or not at all; the
 * figures stay as they were at the end. Audited with the figures (the reason stays on the sweep);
 * `sweep.updated` tells every room of the sweep.
 */
export async function endSweep(
  ctx: Context,
  actor: Actor,
  id: string,
  end: SweepEnd,
  input: z.output<typeof ZEndSweep>,
): Promise<TSweepDetail> {
  const [visible] = await ctx.db
    .select({ regionCode: sweeps.regionCode })
    .from(sweeps)
    .where(and(eq(sweeps.id, id), sweepVisible(ctx, sweepScope(actor))));
  if (!visible) throw sweepNotFound();
  assertMayStart(ctx, actor, visible.regionCode);
  await ctx.db.transaction(async (tx) => {
    const [locked] = await tx
      .select({ status: sweeps.status, dueBy: sweeps.dueBy })
      .from(sweeps)
      .where(eq(sweeps.id, id))
      .for('update');
    if (locked?.status !== 'open') {
      throw new AppError('CONFLICT', {
        message: `This sweep is already ${locked?.status ?? 'ended'}`,
      });
    }
    const endedAt = new Date();
    await tx
      .update(sweeps)
      .set({
        status: end,
        endedAt,
        endedBy: actor.id,
        endReason: input.reason,
        version: sql`${sweeps.version} + 1`,
      })
      .where(eq(sweeps.id, id));
    const figures = sweepCounts(locked.dueBy, await villageCounts(tx, [id], sql`true`), endedAt);
    await writeAudit(tx, {
      actorId: actor.id,
      action: end === 'closed' ? 'sweep.closed' : 'sweep.cancelled',
      entityType: 'sweep',
      entityId: id,
      data: figures,
    });
  });
  await ctx.sweepFeed.publish(ctx, [{ sweepId: id, regionCode: null }]);
  return readSweep(ctx, actor, id);
}
