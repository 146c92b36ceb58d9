import { asc, eq } from 'drizzle-orm';
import { AppError, type TReferralDetail } from '@hutong/shared';
import type { Context } from '../../../context.js';
import { cases, referrals, reports } from '../../../db/schema.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { loadReferral } from '../dispatch.repository.js';

/**
 * One referral with what the centre needs to act: where, which children, the operator's note —
 * never the reporter or the narrative. Centre staff see only their own centre's (else 404); the
 * read is audited.
 */
export async function readReferral(
  ctx: Context,
  actor: Actor,
  referralId: string,
): Promise<TReferralDetail> {
  const [row] = await ctx.db.select().from(referrals).where(eq(referrals.id, referralId));
  if (!row || (actor.role === 'centre_staff' && row.centreId !== actor.centreId)) {
    throw new AppError('NOT_FOUND', { message: 'No such referral' });
  }
  const [summary, [caseRow], caseReports] = await Promise.all([
    loadReferral(ctx.db, referralId),
    ctx.db.select().from(cases).where(eq(cases.id, row.caseId)),
    ctx.db
      .select({ children: reports.children, address: reports.address })
      .from(reports)
      .where(eq(reports.caseId, row.caseId))
      .orderBy(asc(reports.receivedAt)),
  ]);
  await writeAudit(ctx.db, {
    actorId: actor.id,
    action: 'referral.read',
    entityType: 'referral',
    entityId: referralId,
    caseId: row.caseId,
  });
  return {
    ...summary!,
    note: row.note,
    case: {
      status: caseRow!.status,
      categories: caseRow!.categories,
      immediateDanger: caseRow!.immediateDanger,
      channel: caseRow!.channel,
      region: ctx.regions.ref(caseRow!.regionCode),
      addresses: [...new Set(caseReports.flatMap((r) => (r.address ? [r.address] : [])))],
      children: caseReports.flatMap((r) =>
        r.children.map((c) => ({
          name: c.name ?? null,
          sex: c.sex ?? null,
          age: c.age ?? null,
          school: c.school ?? null,
        })),
      ),
    },
  };
}
