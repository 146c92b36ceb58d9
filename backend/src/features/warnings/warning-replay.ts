import { MAX_REPLAY, type TWarningChanged } from '@hutong/shared';
import type { Context } from '../../context.js';
import type { Actor } from '../auth/sessions.js';
import { presentWarning } from './warnings.presenter.js';
import { warningInScope, warningScope } from './warnings.policy.js';
import { findWarningEventsToReplay, findWarningRows } from './warnings.repository.js';

/**
 * A reconnecting client's missed warning events, after `lastSeq` (and just below it, see
 * findWarningEventsToReplay), in its scope, each with the warning as it is now. Beyond MAX_REPLAY nothing is replayed: the client refetches the list
 * (it does so on every reconnect anyway).
 */
export async function replayWarnings(
  ctx: Context,
  actor: Actor,
  lastSeq: number,
  emit: (name: 'warning.created' | 'warning.updated', payload: TWarningChanged) => void,
): Promise<number> {
  const { overlap, after } = await findWarningEventsToReplay(ctx.db, lastSeq, MAX_REPLAY + 1);
  // Too many: nothing replayed, the client re-reads the list (as it does on every reconnect).
  if (after.length > MAX_REPLAY) return 0;
  // The overlap may repeat what the client had: it re-reads the list on any event, so no harm.
  const missed = [...overlap, ...after];
  if (missed.length === 0) return 0;
  const scope = warningScope(actor);
  const rows = await findWarningRows(ctx.db, [...new Set(missed.map((e) => e.warningId))]);
  let sent = 0;
  for (const event of missed) {
    const row = rows.get(event.warningId);
    if (!row || !warningInScope(scope, row.warning.regionPath)) continue;
    emit(event.type === 'created' ? 'warning.created' : 'warning.updated', {
      seq: event.seq,
      warning: presentWarning(row, ctx.regions),
    });
    sent++;
  }
  return sent;
}
