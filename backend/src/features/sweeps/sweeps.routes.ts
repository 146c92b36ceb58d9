import type { Context } from '../../context.js';
import type { RouteHandlers } from '../../http/define-route.js';
import { idempotencyKey } from '../../http/validate.js';
import { createSweep } from './commands/create-sweep.js';
import { endSweep } from './commands/end-sweep.js';
import { listSweeps, readSweep } from './commands/read-sweeps.js';

/**
 * `/api/sweeps`: sweeps (摸底排查) of the children's register. The permission gates the role
 * (from the table); which regions (one's own subtree, or anywhere for supervisors) is checked in
 * the commands.
 */
export function sweepsRoutes(ctx: Context) {
  return {
    listSweeps: ({ actor, query }) => listSweeps(ctx, actor, query),
    createSweep: async ({ actor, body, req, res }) => {
      const result = await createSweep(ctx, actor, body, idempotencyKey(req));
      if (result.replayed) res.set('Idempotent-Replayed', 'true');
      return result.body;
    },
    getSweep: ({ actor, params }) => readSweep(ctx, actor, params.id),
    closeSweep: ({ actor, params, body }) => endSweep(ctx, actor, params.id, 'closed', body),
    cancelSweep: ({ actor, params, body }) => endSweep(ctx, actor, params.id, 'cancelled', body),
  } satisfies RouteHandlers;
}
