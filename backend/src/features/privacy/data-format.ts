import { eq } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client.js';
import { settings } from '../../db/schema.js';
import { keyId } from '../../lib/crypto.js';

/** WARNING: stored as the settings row's key; never rename. */
export const DATA_FORMAT_KEY = 'data_at_rest';

/**
 * The at-rest format this code writes: 2 = sub-keys (HKDF) for cipher, hashes and search
 * tokens; children, narrative, address and assessment encrypted. Raise it with a new upgrade.
 */
export const DATA_FORMAT = 2;

/** Records that every row is in the current format under this key (after a full rotation). */
export async function markDataFormat(exec: Executor, dataKey: Buffer): Promise<void> {
  const value = { format: DATA_FORMAT, keyId: keyId(dataKey) };
  const now = new Date();
  await exec
    .insert(settings)
    .values({ key: DATA_FORMAT_KEY, value, updatedAt: now })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: now } });
}

/** The stored record of the at-rest format, and the data key it was written under (or null). */
export async function readDataFormat(db: Db): Promise<{ format: number; keyId: string } | null> {
  const [row] = await db
    .select({ value: settings.value })
    .from(settings)
    .where(eq(settings.key, DATA_FORMAT_KEY));
  const { format, keyId: id } = row?.value ?? {};
  return typeof format === 'number' && typeof id === 'string' ? { format, keyId: id } : null;
}
