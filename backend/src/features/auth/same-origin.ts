import type { Request, RequestHandler } from 'express';
import { AppError } from '@hutong/shared';
import type { Context } from '../../context.js';
import { sessionToken } from './auth.middleware.js';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The origin a request says it came from: Origin, else Referer's origin, else undefined. */
function claimedOrigin(req: Request): string | undefined {
  const origin = req.headers.origin;
  if (origin !== undefined) return origin;
  const referer = req.headers.referer;
  if (referer === undefined) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return 'invalid';
  }
}

/**
 * Refuses a state-changing request that carries a session cookie but names another site as its
 * origin (403 CROSS_ORIGIN_REFUSED): SameSite=Lax is the first defence against cross-site
 * requests, this the second. Requests without the cookie (partner API keys, signed Twilio
 * webhooks) and requests naming no origin at all (curl, server-side clients) pass.
 */
export function refuseCrossOriginWrites(ctx: Context): RequestHandler {
  const publicOrigin = ctx.config.publicUrl ? new URL(ctx.config.publicUrl).origin : undefined;
  return (req, _res, next) => {
    if (!WRITES.has(req.method) || sessionToken(req.headers.cookie) === undefined) return next();
    const origin = claimedOrigin(req);
    if (origin === undefined) return next();
    // Without a public URL the server's own origin is the one the browser addressed (Host).
    const allowed = publicOrigin ?? `${req.protocol}://${req.host}`;
    if (origin === allowed) return next();
    next(
      new AppError('CROSS_ORIGIN_REFUSED', {
        message: 'This request came from another site and was refused',
        data: { origin: 'must be the address of this service' },
      }),
    );
  };
}
