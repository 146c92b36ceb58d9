import { eq } from 'drizzle-orm';
import {
  DEFAULT_ACK_MINUTES,
  ZDispatchSettings,
  type TDispatchSettings,
  type TDispatchSettingsView,
} from '@hutong/shared';
import type { Executor } from '../../db/client.js';
import { settings, users } from '../../db/schema.js';

/** WARNING: stored as the settings row's key; never rename. */
export const DISPATCH_SETTINGS_KEY = 'dispatch';

const DEFAULTS: TDispatchSettings = { ackMinutes: { ...DEFAULT_ACK_MINUTES } };

/** The dispatch settings in force: the stored row, or DESIGN.md's defaults if none (or unreadable). */
export async function readDispatchSettings(exec: Executor): Promise<TDispatchSettings> {
  return (await readDispatchSettingsRow(exec)).value;
}

async function readDispatchSettingsRow(exec: Executor) {
  const [row] = await exec
    .select({
      value: settings.value,
      updatedAt: settings.updatedAt,
      updatedById: settings.updatedBy,
      updatedByName: users.displayName,
    })
    .from(settings)
    .leftJoin(users, eq(users.id, settings.updatedBy))
    .where(eq(settings.key, DISPATCH_SETTINGS_KEY));
  const parsed = row ? ZDispatchSettings.safeParse(row.value) : null;
  return { row, value: parsed?.success ? parsed.data : DEFAULTS };
}

/** The settings with their defaults and who changed them last. */
export async function presentDispatchSettings(exec: Executor): Promise<TDispatchSettingsView> {
  const { row, value } = await readDispatchSettingsRow(exec);
  return {
    ...value,
    defaults: DEFAULTS,
    updatedAt: row?.updatedAt.toISOString() ?? null,
    updatedBy:
      row?.updatedById && row.updatedByName
        ? { id: row.updatedById, displayName: row.updatedByName }
        : null,
  };
}

/** Writes the dispatch settings (insert or replace), in the caller's transaction. */
export async function writeDispatchSettings(
  exec: Executor,
  value: TDispatchSettings,
  actorId: string,
): Promise<void> {
  const now = new Date();
  await exec
    .insert(settings)
    .values({ key: DISPATCH_SETTINGS_KEY, value, updatedBy: actorId, updatedAt: now })
    .onConflictDoUpdate({
      target: settings.key,
      set: { value, updatedBy: actorId, updatedAt: now },
    });
}
