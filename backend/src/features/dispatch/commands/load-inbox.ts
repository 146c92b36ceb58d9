import { eq, inArray, or } from 'drizzle-orm';
import type { TInbox, TReferral, TReferralTriage } from '@hutong/shared';
import type { Context } from '../../../context.js';
import { cases, centres, referrals, reports } from '../../../db/schema.js';
import type { Actor } from '../../auth/sessions.js';
import { loadReferrals } from '../load-referrals.js';

/**
 * `GET /api/referrals`: the centre's own referrals (centre staff), or every open one (the
 * hotline), each with the facts a duty officer triages by — situations, danger, the region's
 * name, the children's ages; never a name or an address. A referral that ended without the
 * centre shows the centre its facts as they were then (ended-view.ts).
 */
export async function loadInbox(ctx: Context, actor: Actor): Promise<TInbox> {
  if (actor.role === 'centre_staff') {
    if (!actor.centreId) return { centre: null, referrals: [] };
    const [[centre], list] = await Promise.all([
      ctx.db
        .select({ id: centres.id, name: centres.name })
        .from(centres)
        .where(eq(centres.id, actor.centreId)),
      loadReferrals(ctx.db, { centreId: actor.centreId }),
    ]);
    return { centre: centre ?? null, referrals: await withTriage(ctx, list, true) };
  }
  const list = await loadReferrals(ctx.db, { openOnly: true });
  return { centre: null, referrals: await withTriage(ctx, list, false) };
}

async function withTriage(
  ctx: Context,
  list: TReferral[],
  forCentre: boolean,
): Promise<TInbox['referrals']> {
  if (list.length === 0) return [];
  const caseIds = [...new Set(list.map((r) => r.caseId))];
  const rows = await ctx.db
    .select({ id: referrals.id, endedView: referrals.endedView })
    .from(referrals)
    .where(
      inArray(
        referrals.id,
        list.map((r) => r.id),
      ),
    );
  const frozen = new Map(
    forCentre ? rows.flatMap((r) => (r.endedView ? [[r.id, r.endedView] as const] : [])) : [],
  );
  const frozenReportIds = [...frozen.values()].flatMap((v) => v.reportIds);
  const [caseRows, reportRows] = await Promise.all([
    ctx.db
      .select({
        id: cases.id,
        categories: cases.categories,
        immediateDanger: cases.immediateDanger,
        regionCode: cases.regionCode,
      })
      .from(cases)
      .where(inArray(cases.id, caseIds)),
    ctx.db
      .select({ id: reports.id, caseId: reports.caseId, children: reports.children })
      .from(reports)
      .where(
        or(
          inArray(reports.caseId, caseIds),
          frozenReportIds.length > 0 ? inArray(reports.id, frozenReportIds) : undefined,
        ),
      )
      .orderBy(reports.receivedAt),
  ]);
  const caseById = new Map(caseRows.map((c) => [c.id, c]));
  // Age and sex are kept in clear (privacy/case-content.ts): no decryption for the inbox.
  const ages = (report: (typeof reportRows)[number]) =>
    report.children.map((c) => (typeof c.age === 'number' ? c.age : null));
  return list.map((referral) => {
    const view = frozen.get(referral.id);
    const facts = view ?? caseById.get(referral.caseId)!;
    const seen = view
      ? reportRows.filter((r) => view.reportIds.includes(r.id))
      : reportRows.filter((r) => r.caseId === referral.caseId);
    const triage: TReferralTriage = {
      categories: facts.categories,
      immediateDanger: facts.immediateDanger,
      region: ctx.regions.ref(facts.regionCode),
      childAges: seen.flatMap(ages),
    };
    return { ...referral, triage };
  });
}
