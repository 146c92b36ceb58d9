import { eq } from 'drizzle-orm';
import type { z } from 'zod';
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
  return (await readSettingsRow(exec, DISPATCH_SETTINGS_KEY, ZDispatchSettings, DEFAULTS)).value;
}

/** One settings row by key: its value as `schema` reads it (else `defaults`), and who wrote it. */
export async function readSettingsRow<T>(
  exec: Executor,
  key: string,
  schema: z.ZodType<T>,
  defaults: T,
) {
  const [row] = await exec
    .select({
      value: settings.value,
      updatedAt: settings.updatedAt,
      updatedById: settings.updatedBy,
      updatedByName: users.displayName,
    })
    .from(settings)
    .leftJoin(users, eq(users.id, settings.updatedBy))
    .where(eq(settings.key, key));
  const parsed = row ? schema.safeParse(row.value) : null;
  return { row, value: parsed?.success ? parsed.data : defaults };
}

/** A settings row for an admin screen: the values, their defaults, and who changed them last. */
export async function presentSettingsRow<T extends object>(
  exec: Executor,
  key: string,
  schema: z.ZodType<T>,
  defaults: T,
) {
  const { row, value } = await readSettingsRow(exec, key, schema, defaults);
  return {
    ...value,
    defaults,
    updatedAt: row?.updatedAt.toISOString() ?? null,
    updatedBy:
      row?.updatedById && row.updatedByName
        ? { id: row.updatedById, displayName: row.updatedByName }
        : null,
  };
}

/** The settings with their defaults and who changed them last. */
export function presentDispatchSettings(exec: Executor): Promise<TDispatchSettingsView> {
  return presentSettingsRow(exec, DISPATCH_SETTINGS_KEY, ZDispatchSettings, DEFAULTS);
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
