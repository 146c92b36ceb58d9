import { sql } from 'drizzle-orm';
import {
  DEFAULT_VISIT_SETTINGS,
  ZVisitSettings,
  type TVisitSettings,
  type TVisitSettingsView,
} from '@hutong/shared';
import type { Context } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { settings } from '../../db/schema.js';
import type { Actor } from '../auth/sessions.js';
import { writeAudit } from '../audit/audit.repository.js';
import { presentSettingsRow, readSettingsRow } from '../settings/settings.repository.js';

/** WARNING: stored as the settings row's key; never rename. */
const VISIT_SETTINGS_KEY = 'visits';

/** Days to the next visit by risk level in force: the stored row, or the defaults (30/90/180). */
export async function readVisitSettings(exec: Executor): Promise<TVisitSettings> {
  return (await readSettingsRow(exec, VISIT_SETTINGS_KEY, ZVisitSettings, DEFAULT_VISIT_SETTINGS))
    .value;
}

/** `GET /api/admin/settings/visits`: the intervals, their defaults, and who changed them last. */
export function presentVisitSettings(exec: Executor): Promise<TVisitSettingsView> {
  return presentSettingsRow(exec, VISIT_SETTINGS_KEY, ZVisitSettings, DEFAULT_VISIT_SETTINGS);
}

/**
 * `PUT /api/admin/settings/visits` (admins), audited before/after. Files take the new intervals
 * the next time their risk is computed (a visit, a change to the file).
 */
export async function updateVisitSettings(
  ctx: Context,
  actor: Actor,
  input: TVisitSettings,
): Promise<TVisitSettingsView> {
  return ctx.db.transaction(async (tx) => {
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtext(${`settings:${VISIT_SETTINGS_KEY}`}))`,
    );
    const before = await readVisitSettings(tx);
    const now = new Date();
    await tx
      .insert(settings)
      .values({ key: VISIT_SETTINGS_KEY, value: input, updatedBy: actor.id, updatedAt: now })
      .onConflictDoUpdate({
        target: settings.key,
        set: { value: input, updatedBy: actor.id, updatedAt: now },
      });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'settings.updated',
      entityType: 'settings',
      entityId: null,
      data: { key: VISIT_SETTINGS_KEY, before, after: input },
    });
    return presentVisitSettings(tx);
  });
}
