import type { TCentre } from '@hutong/shared';
import type { Context } from '../../context.js';
import type { RouteHandlers } from '../../http/define-route.js';
import { presentCentre } from './centres.presenter.js';
import { findCentres } from './centres.repository.js';
import { createCentre, updateCentre } from './commands/save-centre.js';

/** `/api/centres`: the list for dispatchers and admins; create and edit for admins. */
export function centreRoutes(ctx: Context) {
  return {
    listCentres: async () => {
      const rows = await findCentres(ctx.db);
      const body: { centres: TCentre[] } = {
        centres: rows.map((r) => presentCentre(r, ctx.regions)),
      };
      return body;
    },
    createCentre: ({ actor, body }) => createCentre(ctx, actor, body),
    updateCentre: ({ actor, params, body }) => updateCentre(ctx, actor, params.id, body),
  } satisfies RouteHandlers;
}
