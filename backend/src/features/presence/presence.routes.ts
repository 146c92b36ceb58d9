import { AppError, type TPresenceList } from '@hutong/shared';
import type { Context } from '../../context.js';
import type { RouteHandlers } from '../../http/define-route.js';
import { wrapUpCall } from './commands/wrap-up-call.js';
import { changePresence, presenceUsers, readPresence, readPresences } from './presence-status.js';

/** Everyone's presence (supervisors), one's own, choosing available/break, and wrapping up a call. */
export function presenceRoutes(ctx: Context) {
  return {
    listPresence: async () => {
      const body: TPresenceList = { people: await readPresences(ctx, await presenceUsers(ctx)) };
      return body;
    },
    myPresence: ({ actor }) => readPresence(ctx, actor),
    setMyPresence: async ({ actor, body }) => {
      const presence = await changePresence(
        ctx,
        { id: actor.id, displayName: actor.displayName, role: actor.role },
        { status: body.status },
        // On a call the system decides; the call's end brings wrap-up.
        (current) => current?.status !== 'on_call',
      );
      if (!presence) {
        throw new AppError('CONFLICT', { message: 'You are on a call; it sets your status' });
      }
      return presence;
    },
    wrapUpCall: ({ actor, params, body }) => wrapUpCall(ctx, actor, params.id, body),
  } satisfies RouteHandlers;
}
