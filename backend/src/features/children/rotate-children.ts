import { asc, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { childGuardians, children, childVisits, visitPhotos, warnings } from '../../db/schema.js';
import type { Tx } from '../../db/client.js';
import {
  decryptBytes,
  encryptBytes,
  encryptText,
  isBytesEncryptedWith,
  isEncryptedWith,
} from '../../lib/crypto.js';
import { openText } from '../privacy/case-content.js';
import { phoneHash } from '../privacy/reporter-identity.js';
import { childIdentityHash, childNameHash } from './child-content.js';

const BATCH = 200;
const NO_ID = '00000000-0000-0000-0000-000000000000';

/** What the register's rotation rewrote. */
export interface ChildrenRotation {
  /** Files whose identifying fields were re-encrypted and keyed hashes recomputed. */
  children: number;
  /** Guardians whose name, phone and workplace were re-encrypted (phone hash recomputed). */
  guardians: number;
  /** Visits whose notes were re-encrypted. */
  visits: number;
  /** Warnings whose dismissal reason was re-encrypted. */
  warnings: number;
  /** Visits' photos re-encrypted. */
  photos: number;
}

const current = (value: string | null, key: Buffer) =>
  value === null || isEncryptedWith(value, key);
const reseal = (value: string | null, readKeys: readonly Buffer[], key: Buffer) => {
  const plain = openText(value, readKeys);
  return plain === null ? null : encryptText(key, plain);
};

/** Enough of a sealed photo's start to tell which key sealed it (`encb:v2:<keyId>:`, IV, tag). */
const PHOTO_HEAD_BYTES = 64;

/**
 * Re-encrypts a child's visit photos not yet under `key`, one at a time: only the first bytes of
 * each are read to tell, so a rotation that finds nothing to do reads no images.
 */
async function rotatePhotos(
  tx: Tx,
  childId: string,
  readKeys: readonly Buffer[],
  key: Buffer,
): Promise<number> {
  const heads = await tx
    .select({
      id: visitPhotos.id,
      head: sql<string>`encode(substring(${visitPhotos.data} from 1 for ${PHOTO_HEAD_BYTES}), 'hex')`,
    })
    .from(visitPhotos)
    .where(eq(visitPhotos.childId, childId));
  let rotated = 0;
  for (const { id, head } of heads) {
    if (isBytesEncryptedWith(Buffer.from(head, 'hex'), key)) continue;
    const [photo] = await tx
      .select({ data: visitPhotos.data })
      .from(visitPhotos)
      .where(eq(visitPhotos.id, id));
    await tx
      .update(visitPhotos)
      .set({ data: encryptBytes(key, decryptBytes(readKeys, photo!.data)) })
      .where(eq(visitPhotos.id, id));
    rotated++;
  }
  return rotated;
}

/**
 * Part of `npm run rotate-key`: re-encrypts the register under the new key and recomputes its
 * keyed hashes (identity, name, the child's and guardians' phones), in batches of one transaction each. Files
 * are rewritten with their guardians, visits and visits' photos, so a file is never half under one key.
 */
export async function rotateChildren(
  db: Db,
  keys: { current: Buffer; previous: readonly Buffer[] },
): Promise<ChildrenRotation> {
  const readKeys = [keys.current, ...keys.previous];
  const key = keys.current;
  const result: ChildrenRotation = {
    children: 0,
    guardians: 0,
    visits: 0,
    warnings: 0,
    photos: 0,
  };
  for (let after = NO_ID; ;) {
    const rows = await db
      .select()
      .from(children)
      .where(gt(children.id, after))
      .orderBy(asc(children.id))
      .limit(BATCH);
    if (rows.length === 0) break;
    after = rows.at(-1)!.id;
    await db.transaction(async (tx) => {
      for (const row of rows) {
        const fields = [
          row.name,
          row.dateOfBirth,
          row.phone,
          row.school,
          row.health,
          row.notes,
          row.closeNote,
          row.raisedRiskReason,
        ];
        if (!fields.every((f) => current(f, key))) {
          const name = openText(row.name, readKeys)!;
          const dateOfBirth = openText(row.dateOfBirth, readKeys);
          const phone = openText(row.phone, readKeys);
          await tx
            .update(children)
            .set({
              name: encryptText(key, name),
              dateOfBirth: reseal(row.dateOfBirth, readKeys, key),
              phone: phone === null ? null : encryptText(key, phone),
              phoneHash: phone === null ? null : phoneHash(key, phone),
              school: reseal(row.school, readKeys, key),
              health: reseal(row.health, readKeys, key),
              notes: reseal(row.notes, readKeys, key),
              closeNote: reseal(row.closeNote, readKeys, key),
              raisedRiskReason: reseal(row.raisedRiskReason, readKeys, key),
              identityHash: childIdentityHash(key, {
                regionCode: row.regionCode,
                name,
                dateOfBirth,
                age: row.ageAtRegistration,
              }),
              nameHash: childNameHash(key, name),
            })
            .where(eq(children.id, row.id));
          result.children++;
        }
        const guardians = await tx
          .select()
          .from(childGuardians)
          .where(eq(childGuardians.childId, row.id));
        for (const g of guardians) {
          if ([g.name, g.phone, g.workPlace].every((f) => current(f, key))) continue;
          const phone = openText(g.phone, readKeys);
          await tx
            .update(childGuardians)
            .set({
              name: reseal(g.name, readKeys, key)!,
              phone: phone === null ? null : encryptText(key, phone),
              phoneHash: phone === null ? null : phoneHash(key, phone),
              workPlace: reseal(g.workPlace, readKeys, key),
            })
            .where(eq(childGuardians.id, g.id));
          result.guardians++;
        }
        const visits = await tx
          .select({ id: childVisits.id, notes: childVisits.notes })
          .from(childVisits)
          .where(eq(childVisits.childId, row.id));
        for (const v of visits) {
          if (current(v.notes, key)) continue;
          await tx
            .update(childVisits)
            .set({ notes: reseal(v.notes, readKeys, key) })
            .where(eq(childVisits.id, v.id));
          result.visits++;
        }
        result.photos += await rotatePhotos(tx, row.id, readKeys, key);
        const raised = await tx
          .select({ id: warnings.id, dismissReason: warnings.dismissReason })
          .from(warnings)
          .where(eq(warnings.childId, row.id));
        for (const w of raised) {
          if (current(w.dismissReason, key)) continue;
          await tx
            .update(warnings)
            .set({ dismissReason: reseal(w.dismissReason, readKeys, key) })
            .where(eq(warnings.id, w.id));
          result.warnings++;
        }
      }
    });
  }
  return result;
}
