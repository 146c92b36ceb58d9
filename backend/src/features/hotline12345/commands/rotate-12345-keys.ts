import { asc, eq, gt } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { hotline12345Messages, hotline12345Orders } from '../../../db/schema.js';
import { encryptText, isEncryptedWith } from '../../../lib/crypto.js';
import { openText } from '../../privacy/case-content.js';

const BATCH = 200;

/**
 * `npm run rotate-key`'s part for 12345: re-encrypts the orders' urge and rating comments and
 * return reasons, and the texts sent to 12345, under `current`. Safe to run again.
 */
export async function rotate12345Keys(
  db: Db,
  keys: { current: Buffer; previous: readonly Buffer[] },
): Promise<number> {
  const readKeys = [keys.current, ...keys.previous];
  const stale = (v: string | null) => v !== null && !isEncryptedWith(v, keys.current);
  const reseal = (v: string | null) =>
    v === null ? null : encryptText(keys.current, openText(v, readKeys)!);
  let count = 0;
  for (let after = ''; ;) {
    const rows = await db
      .select()
      .from(hotline12345Orders)
      .where(gt(hotline12345Orders.id, after || '00000000-0000-0000-0000-000000000000'))
      .orderBy(asc(hotline12345Orders.id))
      .limit(BATCH);
    if (rows.length === 0) break;
    after = rows.at(-1)!.id;
    for (const row of rows) {
      const urges = row.urges.some((u) => stale(u.comment));
      const rating = row.rating ? stale(row.rating.comment) : false;
      if (!urges && !rating && !stale(row.returnedReason)) continue;
      await db
        .update(hotline12345Orders)
        .set({
          returnedReason: reseal(row.returnedReason),
          urges: row.urges.map((u) => ({ ...u, comment: reseal(u.comment) })),
          rating: row.rating ? { ...row.rating, comment: reseal(row.rating.comment) } : null,
        })
        .where(eq(hotline12345Orders.id, row.id));
      count += 1;
    }
  }
  for (let after = ''; ;) {
    const rows = await db
      .select({ id: hotline12345Messages.id, text: hotline12345Messages.text })
      .from(hotline12345Messages)
      .where(gt(hotline12345Messages.id, after))
      .orderBy(asc(hotline12345Messages.id))
      .limit(BATCH);
    if (rows.length === 0) break;
    after = rows.at(-1)!.id;
    for (const row of rows.filter((r) => stale(r.text))) {
      await db
        .update(hotline12345Messages)
        .set({ text: reseal(row.text)! })
        .where(eq(hotline12345Messages.id, row.id));
      count += 1;
    }
  }
  return count;
}
