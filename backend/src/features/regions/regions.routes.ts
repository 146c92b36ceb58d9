import type { Context } from '../../context.js';
import type { RouteHandlers } from '../../http/define-route.js';

/** The region tree, public: the reporting form's picker needs it before anyone signs in. */
export function regionRoutes(ctx: Context) {
  return {
    listRegions: ({ res }) => {
      res.set('Cache-Control', 'public, max-age=300');
      return { regions: ctx.regions.list() };
    },
  } satisfies RouteHandlers;
}
