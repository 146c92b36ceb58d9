import type { Context } from '../../context.js';
import type { Executor } from '../../db/client.js';
import type { HutongServer } from '../../realtime/io.js';
import { rooms } from '../../realtime/rooms.js';
import { presentWarning } from './warnings.presenter.js';
import { findWarningRows, type WarningEventRef } from './warnings.repository.js';

/**
 * Sends `warning.created` / `warning.updated` to those who may see the warning: the rooms of
 * the child's village and every region above it (directors and township supervisors join their
 * own region's room) and the hotline supervisors. Ids, kind, status, reasons and the village:
 * no name or free text. A client that missed one resumes by seq (`lastWarningSeq`).
 */
export class WarningFeed {
  private io: HutongServer | null = null;

  attach(io: HutongServer): void {
    this.io = io;
  }

  /** Sends committed warning events, in seq order; never throws (a reconnect replays them). */
  async publish(ctx: Context, events: readonly WarningEventRef[], exec?: Executor): Promise<void> {
    const io = this.io;
    if (!io || events.length === 0) return;
    try {
      const rows = await findWarningRows(exec ?? ctx.db, [
        ...new Set(events.map((e) => e.warningId)),
      ]);
      for (const event of [...events].sort((a, b) => a.seq - b.seq)) {
        const row = rows.get(event.warningId);
        if (!row) continue;
        io.to([
          rooms.supervisors,
          ...row.warning.regionPath.map((code) => rooms.region(code)),
        ]).emit(event.type === 'created' ? 'warning.created' : 'warning.updated', {
          seq: event.seq,
          warning: presentWarning(row, ctx.regions),
        });
      }
    } catch (err) {
      ctx.log.warn({ err }, 'warning broadcast failed; clients resume by seq');
    }
  }
}
