import {
  SUPERVISOR_ALERT_KINDS,
  type SupervisorAlertKind,
  type TSupervisorAlert,
} from '@hutong/shared';
import type { CaseBroadcast } from '../../realtime/broadcast.js';

function isAlertKind(type: string): type is SupervisorAlertKind {
  return (SUPERVISOR_ALERT_KINDS as readonly string[]).includes(type);
}

/**
 * The supervisors' alerts among freshly committed case events: a claim deadline that passed,
 * a referral that escalated. Only for live publishing, never for a reconnect's replay, so an old
 * breach does not ring again.
 */
export function supervisorAlerts(broadcasts: readonly CaseBroadcast[]): TSupervisorAlert[] {
  return broadcasts.flatMap(({ payload }) =>
    isAlertKind(payload.event.type)
      ? [
          {
            seq: payload.seq,
            kind: payload.event.type,
            caseId: payload.case.id,
            caseReference: payload.case.reference,
            priority: payload.case.priority,
            at: payload.event.createdAt,
          },
        ]
      : [],
  );
}
