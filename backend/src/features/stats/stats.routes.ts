import type { Context } from '../../context.js';
import { SENT, type RouteHandlers } from '../../http/define-route.js';
import { sendDownload } from '../../http/download.js';
import { requesterLanguage } from '../export/export.routes.js';
import { exportStats } from './commands/export-stats.js';
import { readStatsSeries } from './commands/read-stats-series.js';
import { readStatsSummary } from './commands/read-stats-summary.js';
import { readUnanswered } from './commands/read-unanswered.js';

/** `/api/stats`: aggregated figures, scoped to the actor's region for analysts. */
export function statsRoutes(ctx: Context) {
  return {
    statsSummary: ({ actor, query }) => readStatsSummary(ctx, actor, query),
    statsSeries: ({ actor, query }) => readStatsSeries(ctx, actor, query),
    statsExport: async ({ actor, query, req, res }) => {
      const lang = query.lang ?? requesterLanguage(req.get('accept-language'));
      sendDownload(res, await exportStats(ctx, actor, query, lang));
      return SENT;
    },
    statsUnanswered: ({ actor, query }) => readUnanswered(ctx, actor, query),
  } satisfies RouteHandlers;
}
