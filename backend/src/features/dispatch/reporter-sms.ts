import type { Job } from 'bullmq';
import { and, desc, eq } from 'drizzle-orm';
import { JobName, parsePhone, QueueName, type Language, type JobPayload } from '@hutong/shared';
import type { Context } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { cases, reporterNotifications, reports, smsConversations } from '../../db/schema.js';
import { writeAudit } from '../audit/audit.repository.js';
import { outboxJob } from '../outbox/outbox.js';
import { openReporter, phoneHash } from '../privacy/reporter-identity.js';

/**
 * The text a reporter who agreed gets when the case is resolved: the reference and nothing else
 * (no child's or reporter's name, no detail — MPL art. 103), so a shared phone tells no one more.
 */
export const RESOLVED_SMS: Record<Language, string> = {
  'zh-CN':
    '护童热线：您报告的事项（编号{ref}）已处理办结。可凭编号和查询码在护童网站查看。如有孩子处于危险中，请拨打110。回复TD退订。',
  en: 'Hutong child protection hotline: the matter you reported (ref {ref}) has been resolved. Check it on the Hutong website with your reference and lookup code. Child in danger? Call 110. Reply STOP to opt out.',
};

/** Twilio's error for a number that opted out at the carrier (STOP). */
const TWILIO_UNSUBSCRIBED = 21610;

/**
 * Called in the transaction that resolves a case: one job per report whose reporter agreed to a
 * text. The job id is fixed per report, so resolving again after a reopen texts no one twice.
 */
export async function scheduleResolutionSms(tx: Executor, caseId: string): Promise<void> {
  const agreed = await tx
    .select({ id: reports.id })
    .from(reports)
    .where(and(eq(reports.caseId, caseId), eq(reports.resolutionSmsConsent, true)));
  for (const { id } of agreed) {
    await outboxJob(tx, {
      queue: QueueName.notify,
      name: JobName.reporterResolved,
      data: { reportId: id },
      jobId: `resolved-sms-${id}`,
    });
  }
}

/** The number in the form Twilio texts: a mobile or a foreign number in E.164; landlines get none. */
function smsAddress(phone: string): string | null {
  const parsed = parsePhone(phone);
  return parsed && (parsed.kind === 'mobile' || parsed.kind === 'international')
    ? parsed.e164
    : null;
}

/**
 * `notify.reporterResolved`: texts the reporter that the case is resolved, at most once per
 * report (a row per report and purpose, claimed before sending). Skipped for a number that
 * replied STOP, or a case reopened before the job ran. Ids only in the job and the records.
 */
export async function processReporterResolved(
  ctx: Context,
  job: Job<JobPayload<typeof JobName.reporterResolved>>,
): Promise<string> {
  const [row] = await ctx.db
    .select({ report: reports, caseStatus: cases.status, caseReference: cases.reference })
    .from(reports)
    .innerJoin(cases, eq(cases.id, reports.caseId))
    .where(eq(reports.id, job.data.reportId));
  if (!row) return 'missing';
  const { report } = row;
  if (!report.resolutionSmsConsent) return 'no_consent';
  if (row.caseStatus !== 'resolved' && row.caseStatus !== 'closed') return 'not_resolved';
  const dedupeKey = `${report.id}-resolved`;
  await ctx.db
    .insert(reporterNotifications)
    .values({ reportId: report.id, caseId: report.caseId!, purpose: 'resolved', dedupeKey })
    .onConflictDoNothing();
  const [claim] = await ctx.db
    .select()
    .from(reporterNotifications)
    .where(eq(reporterNotifications.dedupeKey, dedupeKey));
  if (claim!.providerSid || claim!.status !== 'queued') return 'already_done';
  const settle = async (status: string, fields: { providerSid?: string; error?: string } = {}) => {
    await ctx.db.transaction(async (tx) => {
      await tx
        .update(reporterNotifications)
        .set({ status, ...fields, updatedAt: new Date() })
        .where(eq(reporterNotifications.id, claim!.id));
      await writeAudit(tx, {
        actorId: null,
        action: 'report.resolution_sms',
        entityType: 'report',
        entityId: report.id,
        caseId: report.caseId,
        data: { status },
      });
    });
    return status;
  };

  const reporter = openReporter(report.reporter, [
    ctx.config.dataKey,
    ...ctx.config.previousDataKeys,
  ]);
  const phone = reporter.type === 'anonymous' ? undefined : reporter.phone;
  const to = phone ? smsAddress(phone) : null;
  if (!phone || !to) return settle('no_mobile');
  if (await optedOut(ctx, phone)) return settle('opted_out');
  if (!ctx.telephony.configured) return 'telephony_not_configured';
  // The reporter's own reference (each report has one; the case's is internal).
  const body = RESOLVED_SMS[report.language].replaceAll('{ref}', report.reference);
  try {
    const sent = await ctx.telephony.client().messages.create({
      to,
      from: ctx.telephony.config.phoneNumber,
      body,
    });
    return await settle(sent.status || 'sent', { providerSid: sent.sid });
  } catch (err) {
    if ((err as { code?: unknown }).code === TWILIO_UNSUBSCRIBED) return settle('opted_out');
    throw err;
  }
}

/** Whether the number's latest SMS conversation with the hotline ended in STOP. */
async function optedOut(ctx: Context, phone: string): Promise<boolean> {
  const [latest] = await ctx.db
    .select({ optedOut: smsConversations.optedOut })
    .from(smsConversations)
    .where(eq(smsConversations.phoneHash, phoneHash(ctx.config.dataKey, phone)))
    .orderBy(desc(smsConversations.lastMessageAt))
    .limit(1);
  return latest?.optedOut ?? false;
}
