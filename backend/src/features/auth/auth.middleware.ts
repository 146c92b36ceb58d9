import type { Request, RequestHandler } from 'express';
import { parse as parseCookie } from 'cookie';
import { AppError, can, type Permission } from '@hutong/shared';
import type { Context } from '../../context.js';
import { findActor, SESSION_COOKIE, type Actor } from './sessions.js';

declare module 'express-serve-static-core' {
  interface Request {
    actor?: Actor;
  }
}

export function sessionToken(cookieHeader: string | undefined): string | undefined {
  return cookieHeader ? parseCookie(cookieHeader)[SESSION_COOKIE] : undefined;
}

/**
 * Requires a signed-in user, and the permission when one is named; 401 / 403 otherwise. A user
 * still on a temporary password gets 403 PASSWORD_CHANGE_REQUIRED everywhere except the routes
 * that let them choose a new one (`duringPasswordChange`).
 */
export function requireActor(
  ctx: Context,
  permission?: Permission,
  options: { duringPasswordChange?: boolean } = {},
): RequestHandler {
  return async (req, _res, next) => {
    const actor = await findActor(ctx.db, sessionToken(req.headers.cookie));
    if (!actor) throw new AppError('UNAUTHENTICATED', { message: 'Please sign in' });
    if (actor.mustChangePassword && !options.duringPasswordChange) {
      throw new AppError('PASSWORD_CHANGE_REQUIRED', {
        message: 'Choose a new password before going on',
      });
    }
    if (permission && !can(actor.role, permission)) {
      throw new AppError('FORBIDDEN', { message: 'Your role may not do this' });
    }
    req.actor = actor;
    next();
  };
}

/** The actor set by requireActor; a route that forgot the middleware fails loudly. */
export function actorOf(req: Request): Actor {
  if (!req.actor) throw new Error('requireActor missing on this route');
  return req.actor;
}
