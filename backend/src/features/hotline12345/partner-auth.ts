import type { Request } from 'express';
import { eq } from 'drizzle-orm';
import { AppError, OrgKind } from '@hutong/shared';
import type { Context } from '../../context.js';
import { reporterOrgs } from '../../db/schema.js';
import { sessionToken } from '../auth/auth.middleware.js';
import { findActor } from '../auth/sessions.js';
import { authenticateApiKey, bearerToken } from '../orgs/api-keys.js';

/**
 * The 12345 organisation a request comes from: a partner key (as for `POST /api/reports`) of an
 * active organisation of kind `service_line_12345`. Another organisation's key, or a console
 * session, is 403; no credentials at all is 401.
 */
export async function authenticate12345(ctx: Context, req: Request): Promise<{ orgId: string }> {
  const authorization = req.get('Authorization');
  if (authorization === undefined) {
    const token = sessionToken(req.headers.cookie);
    if (token && (await findActor(ctx.db, token))) {
      throw new AppError('FORBIDDEN', { message: "Only the 12345 line's API key may do this" });
    }
    throw new AppError('UNAUTHENTICATED', {
      message: 'Send the 12345 API key as "Authorization: Bearer <key>"',
    });
  }
  const { orgId } = await authenticateApiKey(ctx.db, bearerToken(authorization));
  const [org] = await ctx.db
    .select({ kind: reporterOrgs.kind })
    .from(reporterOrgs)
    .where(eq(reporterOrgs.id, orgId));
  if (org?.kind !== OrgKind.service_line_12345) {
    throw new AppError('FORBIDDEN', { message: "Only the 12345 line's API key may do this" });
  }
  return { orgId };
}
