import { sql } from 'drizzle-orm';
import {
  ZDispatchSettings,
  type TDispatchSettings,
  type TDispatchSettingsView,
} from '@hutong/shared';
import type { Context } from '../../../context.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import {
  DISPATCH_SETTINGS_KEY,
  presentDispatchSettings,
  readDispatchSettings,
  writeDispatchSettings,
} from '../settings.repository.js';

/**
 * `PUT /api/admin/settings/dispatch` (admins): new acknowledgement deadlines, audited with the
 * values before and after. They apply to referrals made from now on; running timers keep theirs.
 */
export async function updateDispatchSettings(
  ctx: Context,
  actor: Actor,
  body: TDispatchSettings,
): Promise<TDispatchSettingsView> {
  const input = ZDispatchSettings.parse(body);
  return ctx.db.transaction(async (tx) => {
    // Two admins saving at once: one after the other, each audit row with its true "before".
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtext(${`settings:${DISPATCH_SETTINGS_KEY}`}))`,
    );
    const before = await readDispatchSettings(tx);
    await writeDispatchSettings(tx, input, actor.id);
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'settings.updated',
      entityType: 'settings',
      entityId: null,
      data: { key: DISPATCH_SETTINGS_KEY, before, after: input },
    });
    return presentDispatchSettings(tx);
  });
}
