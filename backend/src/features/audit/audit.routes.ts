import { Router } from 'express';
import { ZAuditQuery, type TAuditEntry, type TAuditPage } from '@hutong/shared';
import type { Context } from '../../context.js';
import { parse } from '../../http/validate.js';
import { actorOf, requireActor } from '../auth/auth.middleware.js';
import { findAuditEntries, writeAudit } from './audit.repository.js';
import { toCsv } from './csv.js';

/** Rows one CSV download may hold; narrow the filter for more. */
export const AUDIT_CSV_MAX_ROWS = 50_000;

const CSV_HEADER = [
  'id',
  'at',
  'actor_id',
  'actor',
  'action',
  'entity_type',
  'entity_id',
  'case_id',
  'case_reference',
  'data',
];

function csvRow(e: TAuditEntry): (string | number | null)[] {
  return [
    e.id,
    e.at,
    e.actor?.id ?? null,
    e.actor?.displayName ?? null,
    e.action,
    e.entityType,
    e.entityId,
    e.caseId,
    e.caseReference,
    JSON.stringify(e.data),
  ];
}

/** The audit view (supervisors and admins): filtered, paged JSON or a CSV download. */
export function auditRoutes(ctx: Context): Router {
  const router = Router();

  router.get('/', requireActor(ctx, 'audit.read'), async (req, res) => {
    const query = parse(ZAuditQuery, req.query, 'query');
    const { format, limit, ...filter } = query;
    if (format === 'csv') {
      const entries = await findAuditEntries(ctx.db, { ...filter, limit: AUDIT_CSV_MAX_ROWS });
      // Exporting the log is itself on the record, with the filter used.
      await writeAudit(ctx.db, {
        actorId: actorOf(req).id,
        action: 'audit.exported',
        entityType: 'audit_log',
        data: { filter, rows: entries.length },
      });
      const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
      res.type('text/csv; charset=utf-8');
      res.set('Content-Disposition', `attachment; filename="hutong-audit-${stamp}.csv"`);
      // A BOM so spreadsheet programs read the Chinese names as UTF-8.
      res.send(`\ufeff${toCsv([CSV_HEADER, ...entries.map(csvRow)])}`);
      return;
    }
    const entries = await findAuditEntries(ctx.db, { ...filter, limit: limit + 1 });
    const page = entries.slice(0, limit);
    const body: TAuditPage = {
      entries: page,
      nextBefore: entries.length > limit ? (page.at(-1)?.id ?? null) : null,
    };
    res.json(body);
  });

  return router;
}
