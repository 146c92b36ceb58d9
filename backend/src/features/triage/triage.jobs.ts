import type { Job } from 'bullmq';
import type { Context } from '../../context.js';
import { triageReport } from './commands/triage-report.js';
import { emitCallbackTask } from '../telephony/commands/voice-calls.js';

/** `intake.triageReport`: the job carries the report id only, never its content. */
export async function processTriageReport(
  ctx: Context,
  job: Job<{ reportId: string }>,
): Promise<string> {
  const result = await triageReport(ctx, job.data.reportId);
  if (result.outcome === 'missing') {
    ctx.log.error({ reportId: job.data.reportId }, 'triage: report not found');
  }
  // A voicemail or callback request now has a case: its task in the operators' list links to it.
  if ((result.outcome === 'opened' || result.outcome === 'linked') && result.channel === 'voice') {
    await emitCallbackTask(ctx, { reportId: job.data.reportId });
  }
  return result.outcome;
}
