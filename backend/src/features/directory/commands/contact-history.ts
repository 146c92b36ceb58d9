import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import { AppError, type TContactHistory, type TContactHistoryItem } from '@hutong/shared';
import type { Context } from '../../../context.js';
import { calls, cases, reports } from '../../../db/schema.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { phoneHash } from '../../privacy/reporter-identity.js';

/** The most earlier contacts one answer lists. */
const CONTACT_HISTORY_MAX = 100;

/**
 * Earlier contacts from the numbers with these keyed hashes: reports (web, API, phone, SMS)
 * and calls that never became a report (hung up, voicemail), newest first.
 */
async function contactsByHashes(ctx: Context, hashes: string[]): Promise<TContactHistoryItem[]> {
  if (hashes.length === 0) return [];
  const reported = await ctx.db
    .select({
      reference: reports.reference,
      channel: reports.channel,
      at: reports.receivedAt,
      caseId: reports.caseId,
      caseReference: cases.reference,
      caseStatus: cases.status,
    })
    .from(reports)
    .leftJoin(cases, eq(cases.id, reports.caseId))
    .where(inArray(reports.reporterPhoneHash, hashes))
    .orderBy(desc(reports.receivedAt))
    .limit(CONTACT_HISTORY_MAX);
  const called = await ctx.db
    .select({
      at: calls.createdAt,
      caseId: calls.caseId,
      caseReference: cases.reference,
      caseStatus: cases.status,
    })
    .from(calls)
    .leftJoin(cases, eq(cases.id, calls.caseId))
    // A call that became a report is listed once, as that report.
    .where(
      and(inArray(calls.fromHash, hashes), isNull(calls.reportId), eq(calls.direction, 'inbound')),
    )
    .orderBy(desc(calls.createdAt))
    .limit(CONTACT_HISTORY_MAX);
  const items: TContactHistoryItem[] = [
    ...reported.map((r) => ({
      kind: 'report' as const,
      channel: r.channel,
      at: r.at.toISOString(),
      reference: r.reference,
      caseId: r.caseId,
      caseReference: r.caseReference,
      caseStatus: r.caseStatus,
    })),
    ...called.map((c) => ({
      kind: 'call' as const,
      channel: 'voice' as const,
      at: c.at.toISOString(),
      reference: null,
      caseId: c.caseId,
      caseReference: c.caseReference,
      caseStatus: c.caseStatus,
    })),
  ];
  return items.sort((a, b) => b.at.localeCompare(a.at)).slice(0, CONTACT_HISTORY_MAX);
}

/**
 * Contact history by phone number (operators, supervisors): the number is hashed with the data
 * key and never stored, logged or audited in clear; the search itself is audited (how many found).
 */
export async function contactHistory(
  ctx: Context,
  actor: Actor,
  phone: string,
): Promise<TContactHistory> {
  const contacts = await contactsByHashes(ctx, [phoneHash(ctx.config.dataKey, phone)]);
  await writeAudit(ctx.db, {
    actorId: actor.id,
    action: 'contacts.history_searched',
    entityType: 'contact_history',
    data: { by: 'phone', found: contacts.length },
  });
  return { contacts };
}

/**
 * Contact history of a case's reporters: matched by the phone hashes its reports carry, so the
 * operator needs no number at all. The case's own reports are included (they are contacts too).
 */
export async function caseContactHistory(
  ctx: Context,
  actor: Actor,
  caseId: string,
): Promise<TContactHistory> {
  const own = await ctx.db
    .select({ hash: reports.reporterPhoneHash })
    .from(reports)
    .where(eq(reports.caseId, caseId));
  const [exists] = await ctx.db.select({ id: cases.id }).from(cases).where(eq(cases.id, caseId));
  if (!exists) throw new AppError('NOT_FOUND', { message: 'No such case' });
  const hashes = [...new Set(own.flatMap((r) => (r.hash ? [r.hash] : [])))];
  const contacts = await contactsByHashes(ctx, hashes);
  await writeAudit(ctx.db, {
    actorId: actor.id,
    action: 'contacts.history_searched',
    entityType: 'contact_history',
    caseId,
    data: { by: 'case', found: contacts.length },
  });
  return { contacts };
}
