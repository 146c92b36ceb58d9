import { and, eq } from 'drizzle-orm';
import {
  AppError,
  ZCreateOrgApiKey,
  type TCreateOrgApiKey,
  type TOrgApiKey,
  type TOrgApiKeyWithSecret,
} from '@hutong/shared';
import type { Context } from '../../../context.js';
import { orgApiKeys } from '../../../db/schema.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { newApiKey } from '../api-keys.js';
import { presentOrgApiKey } from '../orgs.presenter.js';
import { findOrgForUpdate } from '../orgs.repository.js';

/**
 * `POST /api/admin/orgs/:id/api-keys`: a partner key for an organisation. The answer carries the
 * key this once; only its digest and prefix are stored, and the audit log keeps neither secret.
 */
export async function createOrgApiKey(
  ctx: Context,
  actor: Actor,
  orgId: string,
  body: TCreateOrgApiKey,
): Promise<TOrgApiKeyWithSecret> {
  const { label } = ZCreateOrgApiKey.parse(body);
  const { key, keyHash, prefix } = newApiKey();
  const row = await ctx.db.transaction(async (tx) => {
    if (!(await findOrgForUpdate(tx, orgId))) {
      throw new AppError('NOT_FOUND', { message: 'No such organisation' });
    }
    const [created] = await tx
      .insert(orgApiKeys)
      .values({ orgId, label, prefix, keyHash, createdBy: actor.id })
      .returning();
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'org.api_key_created',
      entityType: 'reporter_org',
      entityId: orgId,
      data: { before: null, after: { keyId: created!.id, label, prefix } },
    });
    return created!;
  });
  return { apiKey: presentOrgApiKey(row), key };
}

/**
 * `DELETE /api/admin/orgs/:id/api-keys/:keyId`: the key stops working at once. Revoking a
 * revoked key answers it unchanged.
 */
export async function revokeOrgApiKey(
  ctx: Context,
  actor: Actor,
  orgId: string,
  keyId: string,
): Promise<TOrgApiKey> {
  const row = await ctx.db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(orgApiKeys)
      .where(and(eq(orgApiKeys.id, keyId), eq(orgApiKeys.orgId, orgId)))
      .for('update');
    if (!before) throw new AppError('NOT_FOUND', { message: 'No such API key' });
    if (before.revokedAt) return before;
    const [after] = await tx
      .update(orgApiKeys)
      .set({ revokedAt: new Date() })
      .where(eq(orgApiKeys.id, keyId))
      .returning();
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'org.api_key_revoked',
      entityType: 'reporter_org',
      entityId: orgId,
      data: {
        before: { keyId, label: before.label, prefix: before.prefix, revokedAt: null },
        after: { keyId, label: before.label, prefix: before.prefix, revokedAt: after!.revokedAt },
      },
    });
    return after!;
  });
  return presentOrgApiKey(row);
}
