import { and, asc, eq, gt, isNotNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client.js';
import {
  calls,
  caseEvents,
  cases,
  referralMessages,
  referrals,
  reports,
  smsConversations,
  smsMessages,
} from '../../../db/schema.js';
import { decryptText, encryptText, isEncryptedWith } from '../../../lib/crypto.js';
import type { RegionDirectory } from '../../regions/region-directory.js';
import { linkKeys } from '../../triage/link-keys.js';
import { isSealedWith, openReporter, phoneHash, sealReporter } from '../reporter-identity.js';
import {
  assessmentSearchTokens,
  isAssessmentSealedWith,
  isReportContentSealedWith,
  openAssessment,
  openChildren,
  openText,
  reportSearchTokens,
  sealAssessment,
  sealChildren,
  sealText,
} from '../case-content.js';
import { markDataFormat } from '../data-format.js';
import { rotate12345Keys } from '../../hotline12345/commands/rotate-12345-keys.js';
import { rotateChildren, type ChildrenRotation } from '../../children/rotate-children.js';

const BATCH = 200;
const NO_ID = '00000000-0000-0000-0000-000000000000';

export interface RotationResult {
  /**
   * Reports whose reporter identity, children, narrative and address were (re-)encrypted under
   * the new key, with their phone hash and search tokens recomputed.
   */
  reports: number;
  /** Cases whose link keys were recomputed under the new key. */
  cases: number;
  /** Cases whose assessment was (re-)encrypted and its search tokens recomputed. */
  assessments: number;
  /** Calls whose caller's number was re-encrypted and its hash recomputed. */
  calls: number;
  /** SMS conversations whose number was re-encrypted and its hash recomputed. */
  smsConversations: number;
  /** SMS messages whose body (and stored reply) was re-encrypted. */
  smsMessages: number;
  /** Reports whose status lookup code (kept for SMS and phone reporters) was re-encrypted. */
  lookupCodes: number;
  /** Timeline notes whose text was (re-)encrypted. */
  notes: number;
  /** Referral outcomes whose notes were (re-)encrypted. */
  referralOutcomes: number;
  /** Messages between centres and the hotline (re-)encrypted. */
  referralMessages: number;
  /** 12345 orders (comments, return reasons) and messages to 12345 (re-)encrypted. */
  hotline12345: number;
  /** The children register: files, guardians and visits re-encrypted, keyed hashes recomputed. */
  register?: ChildrenRotation;
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
 * Re-encrypts every report's reporter identity, children, narrative and address, every case's
 * assessment, callers' numbers and SMS bodies under `current` (v2: its encryption sub-key),
 * recomputes the phone hashes (reports, calls, SMS conversations), the cases' link keys and the
 * search tokens (all keyed by sub-keys of the data key), in batches of one transaction each.
 * Also upgrades what older versions wrote: plaintext, v1 ciphertexts, hashes under the bare key.
 * Safe to run again: rows already under `current` are left alone; a row no key can open stops
 * the run before anything of its batch is written. At the end, records the format as current.
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
    assessments: 0,
    calls: 0,
    smsConversations: 0,
    smsMessages: 0,
    lookupCodes: 0,
    notes: 0,
    referralOutcomes: 0,
    referralMessages: 0,
    hotline12345: 0,
  };

  for (let after = ''; ;) {
    const rows = await db
      .select({
        id: reports.id,
        reporter: reports.reporter,
        children: reports.children,
        narrative: reports.narrative,
        address: reports.address,
      })
      .from(reports)
      .where(gt(reports.id, after || NO_ID))
      .orderBy(asc(reports.id))
      .limit(BATCH);
    if (rows.length === 0) break;
    after = rows.at(-1)!.id;
    const stale = rows.filter(
      (r) => !isSealedWith(r.reporter, keys.current) || !isReportContentSealedWith(r, keys.current),
    );
    if (stale.length === 0) continue;
    await db.transaction(async (tx) => {
      for (const row of stale) {
        const sealed = sealReporter(keys.current, openReporter(row.reporter, readKeys));
        const children = openChildren(row.children, readKeys);
        const address = openText(row.address, readKeys);
        await tx
          .update(reports)
          .set({
            reporter: sealed.reporter,
            reporterPhoneHash: sealed.phoneHash,
            children: sealChildren(keys.current, children),
            narrative: sealText(keys.current, openText(row.narrative, readKeys)),
            address: sealText(keys.current, address),
            searchTokens: reportSearchTokens(keys.current, { children, address }),
          })
          .where(eq(reports.id, row.id));
      }
    });
    result.reports += stale.length;
  }

  for (let after = ''; ;) {
    const rows = await db
      .select({ id: cases.id })
      .from(cases)
      .where(gt(cases.id, after || NO_ID))
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
              openChildren(r.children, readKeys),
            ),
          ),
        );
        // Locked: an operator saving the assessment meanwhile must not be overwritten.
        const [current] = await tx
          .select({ assessment: cases.assessment })
          .from(cases)
          .where(eq(cases.id, id))
          .for('update');
        const stale = current && !isAssessmentSealedWith(current.assessment, keys.current);
        const assessment = stale ? openAssessment(current.assessment, readKeys) : null;
        await tx
          .update(cases)
          .set({
            linkKeys: [...keysOfCase],
            ...(assessment
              ? {
                  assessment: sealAssessment(keys.current, assessment),
                  searchTokens: assessmentSearchTokens(keys.current, assessment),
                }
              : {}),
          })
          .where(eq(cases.id, id));
        if (stale) result.assessments += 1;
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
  // Case work: operators' notes (timeline text) and centres' outcome notes.
  for (let after = 0; ;) {
    const rows = await db
      .select({ id: caseEvents.id, data: caseEvents.data })
      .from(caseEvents)
      .where(and(gt(caseEvents.id, after), sql`${caseEvents.data} ->> 'text' is not null`))
      .orderBy(asc(caseEvents.id))
      .limit(BATCH);
    if (rows.length === 0) break;
    after = rows.at(-1)!.id;
    const stale = rows.filter(
      (r) => typeof r.data.text === 'string' && !isEncryptedWith(r.data.text, keys.current),
    );
    if (stale.length === 0) continue;
    await db.transaction(async (tx) => {
      for (const row of stale) {
        const text = openText(row.data.text as string, readKeys)!;
        await tx
          .update(caseEvents)
          .set({ data: { ...row.data, text: encryptText(keys.current, text) } })
          .where(eq(caseEvents.id, row.id));
      }
    });
    result.notes += stale.length;
  }

  result.referralOutcomes = await rotateTable(
    db,
    (after) =>
      db
        .select({ id: referrals.id, outcome: referrals.outcome })
        .from(referrals)
        .where(and(gt(referrals.id, after), isNotNull(referrals.outcome)))
        .orderBy(asc(referrals.id))
        .limit(BATCH),
    (row) => !row.outcome?.notes || isEncryptedWith(row.outcome.notes, keys.current),
    async (tx, row) => {
      const notes = openText(row.outcome!.notes, readKeys)!;
      await tx
        .update(referrals)
        .set({ outcome: { ...row.outcome!, notes: encryptText(keys.current, notes) } })
        .where(eq(referrals.id, row.id));
    },
  );

  result.referralMessages = await rotateTable(
    db,
    (after) =>
      db
        .select({ id: referralMessages.id, body: referralMessages.body })
        .from(referralMessages)
        .where(gt(referralMessages.id, after))
        .orderBy(asc(referralMessages.id))
        .limit(BATCH),
    (row) => isEncryptedWith(row.body, keys.current),
    async (tx, row) => {
      const body = openText(row.body, readKeys)!;
      await tx
        .update(referralMessages)
        .set({ body: encryptText(keys.current, body) })
        .where(eq(referralMessages.id, row.id));
    },
  );

  result.hotline12345 = await rotate12345Keys(db, keys);
  result.register = await rotateChildren(db, keys);

  await markDataFormat(db, keys.current);
  return result;
}
