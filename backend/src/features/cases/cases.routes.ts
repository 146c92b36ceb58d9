import { Router } from 'express';
import { ZListCasesQuery, type TCaseList } from '@hutong/shared';
import type { Context } from '../../context.js';
import { parse, uuidParam } from '../../http/validate.js';
import { actorOf, requireActor } from '../auth/auth.middleware.js';
import { claimCase } from './commands/claim-case.js';
import { readCase } from './commands/read-case.js';
import { releaseCase } from './commands/release-case.js';
import { currentSeq, findAllSummaryRows, findOpenSummaryRows } from './cases.repository.js';
import { presentCaseSummary } from './cases.presenter.js';

export function caseRoutes(ctx: Context): Router {
  const router = Router();

  router.get('/', requireActor(ctx, 'cases.list'), async (req, res) => {
    const query = parse(ZListCasesQuery, req.query, 'query');
    // Read the seq first: anything committed after it reaches the client as a live event.
    const seq = await currentSeq(ctx.db);
    const rows =
      query.scope === 'all'
        ? await findAllSummaryRows(ctx.db, query.limit)
        : await findOpenSummaryRows(ctx.db, {
            limit: query.limit,
            ...(query.scope === 'mine' ? { assigneeId: actorOf(req).id } : {}),
          });
    const body: TCaseList = { cases: rows.map((r) => presentCaseSummary(r, ctx.regions)), seq };
    res.json(body);
  });

  router.get('/:id', requireActor(ctx, 'cases.read'), async (req, res) => {
    res.json(await readCase(ctx, actorOf(req), uuidParam(req, 'id')));
  });

  router.post('/:id/claim', requireActor(ctx, 'cases.claim'), async (req, res) => {
    res.json(await claimCase(ctx, actorOf(req), uuidParam(req, 'id')));
  });

  router.post('/:id/release', requireActor(ctx, 'cases.claim'), async (req, res) => {
    res.json(await releaseCase(ctx, actorOf(req), uuidParam(req, 'id')));
  });

  return router;
}
