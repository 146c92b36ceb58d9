import type { JobName, JobPayload } from '@hutong/shared';
import type { Job } from 'bullmq';
import type { Context } from '../../context.js';
import { triageReportRead } from './commands/triage-report.js';
import { emitCallbackTask } from '../telephony/commands/voice-calls.js';
import { linkReportToFiles } from '../warnings/commands/raise-warnings.js';

/** `intake.triageReport`: the job carries the report id only, never its content. */
export async function processTriageReport(
  ctx: Context,
  job: Job<JobPayload<typeof JobName.triageReport>>,
): Promise<string> {
  const { result, report } = await triageReportRead(ctx, job.data.reportId);
  if (result.outcome === 'missing') {
    ctx.log.error({ reportId: job.data.reportId }, 'triage: report not found');
  }
  // A voicemail or callback request now has a case: its task in the operators' list links to it.
  if ((result.outcome === 'opened' || result.outcome === 'linked') && result.channel === 'voice') {
    await emitCallbackTask(ctx, { reportId: job.data.reportId });
  }
  // A report about a child on file links to the file and warns its director (issue 12 §4);
  // after the case is committed, and again on a retry (the link and warnings are unique).
  // The report as triage read it: no second read (the fields matched on do not change in triage).
  if (result.outcome !== 'missing') await linkReportToFiles(ctx, job.data.reportId, report);
  return result.outcome;
}
