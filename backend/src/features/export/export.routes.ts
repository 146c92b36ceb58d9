import { Router } from 'express';
import { ZCaseExportQuery } from '@hutong/shared';
import type { Context } from '../../context.js';
import { parse, uuidParam } from '../../http/validate.js';
import { actorOf, requireActor } from '../auth/auth.middleware.js';
import { exportCase } from './commands/export-case.js';
import { renderCaseExportHtml } from './export.html.js';

/** `GET /api/cases/:id/export?format=json|html`: the whole case record, audited. */
export function exportRoutes(ctx: Context): Router {
  const router = Router();
  router.get('/:id/export', requireActor(ctx, 'cases.export'), async (req, res) => {
    const caseId = uuidParam(req, 'id');
    const query = parse(ZCaseExportQuery, req.query, 'query');
    const record = await exportCase(ctx, actorOf(req), caseId, {
      format: query.format,
      includeReporterIdentity: query.reporterIdentity === 'include',
    });
    const name = `case-${record.case.reference}`;
    if (query.format === 'html') {
      res.type('html');
      res.set('Content-Disposition', `inline; filename="${name}.html"`);
      res.send(renderCaseExportHtml(record));
      return;
    }
    res.set('Content-Disposition', `attachment; filename="${name}.json"`);
    res.json(record);
  });
  return router;
}
