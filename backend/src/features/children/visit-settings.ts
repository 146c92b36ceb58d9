import { eq, sql } from 'drizzle-orm';
import {
  DEFAULT_VISIT_SETTINGS,
  ZVisitSettings,
  type TVisitSettings,
  type TVisitSettingsView,
} from '@hutong/shared';
import type { Context } from '../../context.js';
import type { Executor } from '../../db/client.js';
import { settings, users } from '../../db/schema.js';
import type { Actor } from '../auth/sessions.js';
import { writeAudit } from '../audit/audit.repository.js';

/** WARNING: stored as the settings row's key; never rename. */
export const VISIT_SETTINGS_KEY = 'visits';

async function readRow(exec: Executor) {
  const [row] = await exec
    .select({
      value: settings.value,
      updatedAt: settings.updatedAt,
      updatedById: settings.updatedBy,
      updatedByName: users.displayName,
    })
    .from(settings)
    .leftJoin(users, eq(users.id, settings.updatedBy))
    .where(eq(settings.key, VISIT_SETTINGS_KEY));
  const parsed = row ? ZVisitSettings.safeParse(row.value) : null;
  return { row, value: parsed?.success ? parsed.data : DEFAULT_VISIT_SETTINGS };
}

/** Days to the next visit by risk level in force: the stored row, or the defaults (30/90/180). */
export async function readVisitSettings(exec: Executor): Promise<TVisitSettings> {
  return (await readRow(exec)).value;
}

/** `GET /api/admin/settings/visits`: the intervals, their defaults, and who changed them last. */
export async function presentVisitSettings(exec: Executor): Promise<TVisitSettingsView> {
  const { row, value } = await readRow(exec);
  return {
    ...value,
    defaults: DEFAULT_VISIT_SETTINGS,
    updatedAt: row?.updatedAt.toISOString() ?? null,
    updatedBy:
      row?.updatedById && row.updatedByName
        ? { id: row.updatedById, displayName: row.updatedByName }
        : null,
  };
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
