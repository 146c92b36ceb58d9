import { and, asc, eq, gt, isNotNull } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client.js';
import { calls, cases, reports, smsConversations, smsMessages } from '../../../db/schema.js';
import { decryptText, encryptText, keyId } from '../../../lib/crypto.js';
import type { RegionDirectory } from '../../regions/region-directory.js';
import { linkKeys } from '../../triage/link-keys.js';
import { isSealedWith, openReporter, phoneHash, sealReporter } from '../reporter-identity.js';

const BATCH = 200;
const NO_ID = '00000000-0000-0000-0000-000000000000';

export interface RotationResult {
  /** Reports whose reporter identity was re-encrypted under the new key. */
  reports: number;
  /** Cases whose link keys were recomputed under the new key. */
  cases: number;
  /** Calls whose caller's number was re-encrypted and its hash recomputed. */
  calls: number;
  /** SMS conversations whose number was re-encrypted and its hash recomputed. */
  smsConversations: number;
  /** SMS messages whose body (and stored reply) was re-encrypted. */
  smsMessages: number;
  /** Reports whose status lookup code (kept for SMS and phone reporters) was re-encrypted. */
  lookupCodes: number;
}

/** Whether a ciphertext (`enc:v1:<keyId>:…`) was written under this key. */
function isEncryptedWith(value: string, dataKey: Buffer): boolean {
  return value.split(':')[2] === keyId(dataKey);
}

/**
 * Walks a table by id in batches; `rewrite` gets the rows of a batch not yet under the current
 * key and writes them in one transaction. Returns how many rows were rewritten.
 */
async function rotateTable<Row extends { id: string }>(
  db: Db,
  select: (after: string) => Promise<Row[]>,
  isCurrent: (row: Row) => boolean,
  rewrite: (tx: Tx, row: Row) => Promise<void>,
): Promise<number> {
  let count = 0;
  for (let after = NO_ID; ;) {
    const rows = await select(after);
    if (rows.length === 0) break;
    after = rows.at(-1)!.id;
    const stale = rows.filter((r) => !isCurrent(r));
    if (stale.length === 0) continue;
    await db.transaction(async (tx) => {
      for (const row of stale) await rewrite(tx, row);
    });
    count += stale.length;
  }
  return count;
}

/**
 * Re-encrypts every report's reporter identity, callers' numbers and SMS bodies under `current`,
 * recomputes the phone hashes (reports, calls, SMS conversations) and the cases' link keys (all
 * keyed by the data key), in batches of one transaction each.
 * Safe to run again: rows already under `current` are left alone; a row no key can open stops
 * the run before anything of its batch is written.
 */
export async function rotateDataKey(
  db: Db,
  regions: RegionDirectory,
  keys: { current: Buffer; previous: readonly Buffer[] },
): Promise<RotationResult> {
  const readKeys = [keys.current, ...keys.previous];
  const result: RotationResult = {
    reports: 0,
    cases: 0,
    calls: 0,
    smsConversations: 0,
    smsMessages: 0,
    lookupCodes: 0,
  };

  for (let after = ''; ;) {
    const rows = await db
      .select({ id: reports.id, reporter: reports.reporter })
      .from(reports)
      .where(gt(reports.id, after || '00000000-0000-0000-0000-000000000000'))
      .orderBy(asc(reports.id))
      .limit(BATCH);
    if (rows.length === 0) break;
    after = rows.at(-1)!.id;
    const stale = rows.filter((r) => !isSealedWith(r.reporter, keys.current));
    if (stale.length === 0) continue;
    await db.transaction(async (tx) => {
      for (const row of stale) {
        const sealed = sealReporter(keys.current, openReporter(row.reporter, readKeys));
        await tx
          .update(reports)
          .set({ reporter: sealed.reporter, reporterPhoneHash: sealed.phoneHash })
          .where(eq(reports.id, row.id));
      }
    });
    result.reports += stale.length;
  }

  for (let after = ''; ;) {
    const rows = await db
      .select({ id: cases.id })
      .from(cases)
      .where(gt(cases.id, after || '00000000-0000-0000-0000-000000000000'))
      .orderBy(asc(cases.id))
      .limit(BATCH);
    if (rows.length === 0) break;
    after = rows.at(-1)!.id;
    await db.transaction(async (tx) => {
      for (const { id } of rows) {
        const caseReports = await tx
          .select({ regionCode: reports.regionCode, children: reports.children })
          .from(reports)
          .where(eq(reports.caseId, id));
        const keysOfCase = new Set(
          caseReports.flatMap((r) =>
            linkKeys(
              keys.current,
              r.regionCode ? regions.ancestorAt(r.regionCode, 'county')?.code : undefined,
              r.children,
            ),
          ),
        );
        await tx
          .update(cases)
          .set({ linkKeys: [...keysOfCase] })
          .where(eq(cases.id, id));
      }
    });
    result.cases += rows.length;
  }

  // Telephony: the caller's number is kept encrypted beside its keyed hash, which finds the
  // caller's earlier calls and open SMS conversation; both must follow the key together.
  result.calls = await rotateTable(
    db,
    (after) =>
      db
        .select({ id: calls.id, fromEncrypted: calls.fromEncrypted })
        .from(calls)
        .where(gt(calls.id, after))
        .orderBy(asc(calls.id))
        .limit(BATCH),
    (row) => isEncryptedWith(row.fromEncrypted, keys.current),
    async (tx, row) => {
      const from = decryptText(readKeys, row.fromEncrypted);
      await tx
        .update(calls)
        .set({
          fromEncrypted: encryptText(keys.current, from),
          fromHash: phoneHash(keys.current, from),
        })
        .where(eq(calls.id, row.id));
    },
  );

  result.smsConversations = await rotateTable(
    db,
    (after) =>
      db
        .select({ id: smsConversations.id, phoneEncrypted: smsConversations.phoneEncrypted })
        .from(smsConversations)
        .where(gt(smsConversations.id, after))
        .orderBy(asc(smsConversations.id))
        .limit(BATCH),
    (row) => isEncryptedWith(row.phoneEncrypted, keys.current),
    async (tx, row) => {
      const phone = decryptText(readKeys, row.phoneEncrypted);
      await tx
        .update(smsConversations)
        .set({
          phoneEncrypted: encryptText(keys.current, phone),
          phoneHash: phoneHash(keys.current, phone),
        })
        .where(eq(smsConversations.id, row.id));
    },
  );

  result.smsMessages = await rotateTable(
    db,
    (after) =>
      db
        .select({
          id: smsMessages.id,
          bodyEncrypted: smsMessages.bodyEncrypted,
          replyEncrypted: smsMessages.replyEncrypted,
        })
        .from(smsMessages)
        .where(gt(smsMessages.id, after))
        .orderBy(asc(smsMessages.id))
        .limit(BATCH),
    (row) =>
      isEncryptedWith(row.bodyEncrypted, keys.current) &&
      (row.replyEncrypted === null || isEncryptedWith(row.replyEncrypted, keys.current)),
    async (tx, row) => {
      const reencrypt = (value: string) => encryptText(keys.current, decryptText(readKeys, value));
      await tx
        .update(smsMessages)
        .set({
          bodyEncrypted: reencrypt(row.bodyEncrypted),
          replyEncrypted: row.replyEncrypted === null ? null : reencrypt(row.replyEncrypted),
        })
        .where(eq(smsMessages.id, row.id));
    },
  );

  // Dispatch: the lookup code an operator reads to a caller (its digest does not use the key).
  result.lookupCodes = await rotateTable(
    db,
    (after) =>
      db
        .select({ id: reports.id, sealed: reports.lookupCodeSealed })
        .from(reports)
        .where(and(gt(reports.id, after), isNotNull(reports.lookupCodeSealed)))
        .orderBy(asc(reports.id))
        .limit(BATCH),
    (row) => row.sealed === null || isEncryptedWith(row.sealed, keys.current),
    async (tx, row) => {
      await tx
        .update(reports)
        .set({ lookupCodeSealed: encryptText(keys.current, decryptText(readKeys, row.sealed!)) })
        .where(eq(reports.id, row.id));
    },
  );
  return result;
}
