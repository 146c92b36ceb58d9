import type { Db } from '../../../db/client.js';
import type { RegionDirectory } from '../../regions/region-directory.js';
import { keyId } from '../../../lib/crypto.js';
import { DATA_FORMAT, readDataFormat } from '../data-format.js';
import { rotateDataKey, type RotationResult } from './rotate-data-key.js';

/**
 * Brings a database written by an older version up to the current at-rest format, once, at
 * start-up and before anything is served: plaintext children, narratives, addresses and
 * assessments are encrypted, v1 ciphertexts re-encrypted with the sub-key, phone hashes, link
 * keys and search tokens computed; data written under a key now given as previous is re-keyed.
 * Returns null when there was nothing to do (the usual start). Refuses to start under a key the
 * data was not written with: every triage would fail to read what it must score, and reports
 * would wait unseen.
 */
export async function upgradeDataAtRest(
  db: Db,
  regions: RegionDirectory,
  keys: { current: Buffer; previous: readonly Buffer[] },
): Promise<RotationResult | null> {
  const stored = await readDataFormat(db);
  if (stored && stored.format >= DATA_FORMAT) {
    if (stored.keyId === keyId(keys.current)) return null;
    if (!keys.previous.some((key) => keyId(key) === stored.keyId)) {
      throw new Error(
        `The data was written under the data key with id ${stored.keyId}, and HUTONG_DATA_KEY ` +
          `(id ${keyId(keys.current)}) is another: start with that key, or with the new key in ` +
          'HUTONG_DATA_KEY and that one in HUTONG_DATA_KEY_PREVIOUS to re-key the data',
      );
    }
  }
  return rotateDataKey(db, regions, keys);
}
