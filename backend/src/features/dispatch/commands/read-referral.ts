import { and, asc, eq, inArray, lte } from 'drizzle-orm';
import { AppError, type TReferralDetail } from '@hutong/shared';
import type { Context } from '../../../context.js';
import { attachments, cases, referrals, reports, users } from '../../../db/schema.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { loadReferral } from '../load-referrals.js';
import { openChildren, openText } from '../../privacy/case-content.js';
import { referralTimeline } from '../referral-timeline.js';

/**
 * One referral with what the centre needs to act: where, which children, the operator's note —
 * never the reporter or the narrative. Centre staff see only their own centre's (else 404); a
 * referral that ended without the centre shows the case as it was then. The read is audited.
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
  // Once the referral has ended without it, the centre sees only what it saw then (ended-view.ts).
  const frozen = actor.role === 'centre_staff' ? row.endedView : null;
  const [summary, [caseRow], caseReports, timeline] = await Promise.all([
    loadReferral(ctx.db, referralId),
    ctx.db.select().from(cases).where(eq(cases.id, row.caseId)),
    ctx.db
      .select({ children: reports.children, address: reports.address })
      .from(reports)
      .where(frozen ? inArray(reports.id, frozen.reportIds) : eq(reports.caseId, row.caseId))
      .orderBy(asc(reports.receivedAt)),
    referralTimeline(ctx.db, row.caseId, referralId, frozen?.seq),
  ]);
  const facts = frozen ?? caseRow!;
  const files = await ctx.db
    .select({
      id: attachments.id,
      filename: attachments.filename,
      contentType: attachments.contentType,
      size: attachments.size,
      createdAt: attachments.createdAt,
      uploadedBy: attachments.uploadedBy,
      uploaderName: users.displayName,
    })
    .from(attachments)
    .leftJoin(users, eq(users.id, attachments.uploadedBy))
    .where(
      and(
        eq(attachments.referralId, referralId),
        frozen ? lte(attachments.createdAt, new Date(frozen.at)) : undefined,
      ),
    )
    .orderBy(asc(attachments.createdAt));
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
    timeline,
    attachments: files.map((f) => ({
      id: f.id,
      filename: f.filename,
      contentType: f.contentType,
      size: f.size,
      uploadedBy:
        f.uploadedBy && f.uploaderName ? { id: f.uploadedBy, displayName: f.uploaderName } : null,
      createdAt: f.createdAt.toISOString(),
    })),
    case: {
      status: facts.status,
      categories: facts.categories,
      immediateDanger: facts.immediateDanger,
      channel: facts.channel,
      region: ctx.regions.ref(facts.regionCode),
      addresses: [
        ...new Set(
          caseReports.flatMap((r) => {
            const address = openText(r.address);
            return address ? [address] : [];
          }),
        ),
      ],
      children: caseReports.flatMap((r) =>
        openChildren(r.children).map((c) => ({
          name: c.name ?? null,
          sex: c.sex ?? null,
          age: c.age ?? null,
          school: c.school ?? null,
        })),
      ),
    },
  };
}
