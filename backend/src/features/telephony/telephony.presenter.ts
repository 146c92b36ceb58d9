import { maskPhoneNumber, type TCallSummary, type TCallbackTask } from '@hutong/shared';
import type { Config } from '../../config.js';
import { decryptText } from '../../lib/crypto.js';
import type { callbackTasks } from '../../db/schema.js';
import type { CallRow, CallSummaryRow } from './telephony.repository.js';

/** Every key this process may decrypt callers' numbers with. */
export function readKeys(config: Config): Buffer[] {
  return [config.dataKey, ...config.previousDataKeys];
}

/** Decrypts a stored number and masks it for display; never throws (a bad value shows masked). */
function maskedNumber(config: Config, encrypted: string): string {
  try {
    return maskPhoneNumber(decryptText(readKeys(config), encrypted));
  } catch {
    return '****';
  }
}

function waitSeconds(row: CallRow, now: Date): number {
  if (!row.queuedAt) return 0;
  const end = row.answeredAt ?? row.endedAt ?? now;
  return Math.max(0, Math.floor((end.getTime() - row.queuedAt.getTime()) / 1000));
}

/** A call for the live panel and its events: the number masked, nothing else personal. */
export function presentCall(config: Config, row: CallSummaryRow, now = new Date()): TCallSummary {
  return {
    id: row.id,
    status: row.status,
    maskedNumber: maskedNumber(config, row.fromEncrypted),
    language: row.language,
    option: row.option,
    urgent: row.urgent,
    queuedAt: row.queuedAt?.toISOString() ?? null,
    waitSeconds: waitSeconds(row, now),
    position: row.position && row.position > 0 ? row.position : null,
    answeredBy:
      row.answeredBy && row.answeredByName
        ? { id: row.answeredBy, displayName: row.answeredByName }
        : null,
    caseId: row.caseId,
    caseReference: row.caseReference,
    escalated: row.escalatedAt !== null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function presentCallbackTask(
  config: Config,
  task: typeof callbackTasks.$inferSelect,
  call: CallRow,
  caseId: string | null,
): TCallbackTask {
  return {
    id: task.id,
    kind: task.kind,
    maskedNumber: maskedNumber(config, call.fromEncrypted),
    language: call.language,
    caseId,
    deadline: task.deadline.toISOString(),
    hasRecording: call.recordingUrl !== null,
    createdAt: task.createdAt.toISOString(),
  };
}
