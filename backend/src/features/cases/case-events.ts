import type { CaseEventType } from '@hutong/shared';
import type { Executor } from '../../db/client.js';
import { caseEvents } from '../../db/schema.js';
import { outboxBroadcast } from '../outbox/outbox.js';

/**
 * Appends to a case's timeline and schedules its broadcast, in the caller's transaction: an
 * event is on the timeline if and only if it will reach the consoles.
 */
export async function appendCaseEvent(
  exec: Executor,
  event: {
    caseId: string;
    type: CaseEventType;
    actorId: string | null;
    data?: Record<string, unknown>;
  },
): Promise<number> {
  const [row] = await exec
    .insert(caseEvents)
    .values({
      caseId: event.caseId,
      type: event.type,
      actorId: event.actorId,
      data: event.data ?? {},
    })
    .returning({ id: caseEvents.id });
  await outboxBroadcast(exec, [row!.id]);
  return row!.id;
}
