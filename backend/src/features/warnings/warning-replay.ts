import { MAX_REPLAY, type TWarningChanged } from '@hutong/shared';
import type { Context } from '../../context.js';
import type { Actor } from '../auth/sessions.js';
import { presentWarning } from './warnings.presenter.js';
import { warningInScope, warningScope } from './warnings.policy.js';
import { findWarningEventsAfter, findWarningRows } from './warnings.repository.js';

/**
 * A reconnecting client's missed warning events, after `lastSeq`, in its scope, each with the
 * warning as it is now. Beyond MAX_REPLAY nothing is replayed: the client refetches the list
 * (it does so on every reconnect anyway).
 */
export async function replayWarnings(
  ctx: Context,
  actor: Actor,
  lastSeq: number,
  emit: (name: 'warning.created' | 'warning.updated', payload: TWarningChanged) => void,
): Promise<number> {
  const missed = await findWarningEventsAfter(ctx.db, lastSeq, MAX_REPLAY + 1);
  if (missed.length === 0 || missed.length > MAX_REPLAY) return 0;
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
