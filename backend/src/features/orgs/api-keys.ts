import { randomBytes } from 'node:crypto';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { AppError } from '@hutong/shared';
import type { Executor } from '../../db/client.js';
import { orgApiKeys, reporterOrgs } from '../../db/schema.js';
import { sha256 } from '../../lib/crypto.js';

declare module 'express-serve-static-core' {
  interface Request {
    /** The organisation whose partner key the request carried, once the key was checked. */
    partnerOrgId?: string;
  }
}

/** WARNING: partners' keys start with this; changing it breaks no key but confuses support. */
const API_KEY_PREFIX = 'hk_';
/** How many leading characters of a key are kept to tell keys apart (`hk_` and 8 more). */
const SHOWN_PREFIX_LENGTH = 11;

/** A new partner key: `hk_` + 32 random bytes base64url, its digest and its shown prefix. */
export function newApiKey(): { key: string; keyHash: string; prefix: string } {
  const key = API_KEY_PREFIX + randomBytes(32).toString('base64url');
  return { key, keyHash: apiKeyHash(key), prefix: key.slice(0, SHOWN_PREFIX_LENGTH) };
}

/**
 * The stored digest of a key. A plain SHA-256 suffices (no slow hash): the key is 256 random
 * bits, so there is nothing to guess from a leaked digest.
 */
function apiKeyHash(key: string): string {
  return sha256(key);
}

/** The bearer token of an `Authorization` header; a header in another form is a 401. */
export function bearerToken(header: string): string {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) {
    throw new AppError('UNAUTHENTICATED', {
      message: 'Send the API key as "Authorization: Bearer <key>"',
    });
  }
  return match[1]!;
}

/**
 * The organisation a partner key files for, recording the key's last use in the same
 * statement. An unknown or revoked key, or one of a disabled organisation, is a 401: a request
 * that carried a key is never taken as anonymous.
 */
export async function authenticateApiKey(exec: Executor, key: string): Promise<{ orgId: string }> {
  const [row] = await exec
    .update(orgApiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(
      and(
        eq(orgApiKeys.keyHash, apiKeyHash(key)),
        isNull(orgApiKeys.revokedAt),
        inArray(
          orgApiKeys.orgId,
          exec
            .select({ id: reporterOrgs.id })
            .from(reporterOrgs)
            .where(eq(reporterOrgs.active, true)),
        ),
      ),
    )
    .returning({ orgId: orgApiKeys.orgId });
  if (!row) {
    throw new AppError('UNAUTHENTICATED', {
      message: 'The API key is unknown or revoked, or its organisation is disabled',
    });
  }
  return row;
}
