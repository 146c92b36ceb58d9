import { Router } from 'express';
import {
  ZStatsExportQuery,
  ZStatsQuery,
  ZStatsSeriesQuery,
  ZStatsUnansweredQuery,
} from '@hutong/shared';
import type { Context } from '../../context.js';
import { parse } from '../../http/validate.js';
import { actorOf, requireActor } from '../auth/auth.middleware.js';
import { sendDownload } from '../../http/download.js';
import { requesterLanguage } from '../export/export.routes.js';
import { exportStats } from './commands/export-stats.js';
import { readStatsSeries } from './commands/read-stats-series.js';
import { readStatsSummary } from './commands/read-stats-summary.js';
import { readUnanswered } from './commands/read-unanswered.js';

/** `/api/stats`: aggregated figures, scoped to the actor's region for analysts. */
export function statsRoutes(ctx: Context): Router {
  const router = Router();
  router.get('/summary', requireActor(ctx, 'stats.read'), async (req, res) => {
    const query = parse(ZStatsQuery, req.query, 'query');
    res.json(await readStatsSummary(ctx, actorOf(req), query));
  });
  router.get('/series', requireActor(ctx, 'stats.read'), async (req, res) => {
    const query = parse(ZStatsSeriesQuery, req.query, 'query');
    res.json(await readStatsSeries(ctx, actorOf(req), query));
  });
  router.get('/export', requireActor(ctx, 'stats.export'), async (req, res) => {
    const query = parse(ZStatsExportQuery, req.query, 'query');
    const lang = query.lang ?? requesterLanguage(req.get('accept-language'));
    sendDownload(res, await exportStats(ctx, actorOf(req), query, lang));
  });
  router.get('/unanswered', requireActor(ctx, 'stats.unanswered'), async (req, res) => {
    const query = parse(ZStatsUnansweredQuery, req.query, 'query');
    res.json(await readUnanswered(ctx, actorOf(req), query));
  });
  return router;
}
