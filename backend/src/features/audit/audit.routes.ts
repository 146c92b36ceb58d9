import {
  auditActionLabel,
  auditDetails,
  formatLocalDateTime,
  type Language,
  type TAuditEntry,
  type TAuditPage,
} from '@hutong/shared';
import type { Context } from '../../context.js';
import { SENT, type RouteHandlers } from '../../http/define-route.js';
import { requesterLanguage } from '../export/export.routes.js';
import { findAuditEntries, namesInAudit, writeAudit } from './audit.repository.js';
import { toCsv } from './csv.js';
import { verifyAuditLog } from './commands/verify-audit-log.js';

/** Rows one CSV download may hold; narrow the filter for more. */
const AUDIT_CSV_MAX_ROWS = 50_000;

/** The CSV's columns in each language: a sheet for people, in words and Beijing time. */
const CSV_HEADER: Record<Language, string[]> = {
  'zh-CN': ['序号', '时间（北京时间）', '操作人', '用户名', '操作', '工单', '详情'],
  en: ['No.', 'Time (Beijing)', 'Person', 'Username', 'Action', 'Case', 'Details'],
};
const SYSTEM: Record<Language, string> = { 'zh-CN': '系统', en: 'System' };

function csvRow(
  e: TAuditEntry,
  language: Language,
  names: Record<string, string>,
): (string | number | null)[] {
  return [
    e.id,
    formatLocalDateTime(e.at, language),
    e.actor?.displayName ?? SYSTEM[language],
    e.actor?.username ?? null,
    auditActionLabel(e.action, language),
    e.caseReference,
    auditDetails(e.data, language, names)
      .map((d) => `${d.label}: ${d.value}`)
      .join('\n'),
  ];
}

/** The audit view (supervisors and admins): filtered, paged JSON or a CSV download; its check. */
export function auditRoutes(ctx: Context) {
  return {
    listAudit: async ({ actor, query, req, res }) => {
      const { format, limit, lang, ...filter } = query;
      if (format === 'csv') {
        const entries = await findAuditEntries(ctx.db, { ...filter, limit: AUDIT_CSV_MAX_ROWS });
        // Exporting the log is itself on the record, with the filter used.
        await writeAudit(ctx.db, {
          actorId: actor.id,
          action: 'audit.exported',
          entityType: 'audit_log',
          data: { filter, rows: entries.length },
        });
        const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
        res.type('text/csv; charset=utf-8');
        res.set('Content-Disposition', `attachment; filename="hutong-audit-${stamp}.csv"`);
        // A BOM so spreadsheet programs read the Chinese names as UTF-8.
        const language = lang ?? requesterLanguage(req.get('accept-language'));
        const names = await namesInAudit(ctx.db, entries);
        const rows = entries.map((e) => csvRow(e, language, names));
        res.send(`\ufeff${toCsv([CSV_HEADER[language], ...rows])}`);
        return SENT;
      }
      const entries = await findAuditEntries(ctx.db, { ...filter, limit: limit + 1 });
      const page = entries.slice(0, limit);
      const body: TAuditPage = {
        entries: page,
        nextBefore: entries.length > limit ? (page.at(-1)?.id ?? null) : null,
        names: await namesInAudit(ctx.db, page),
      };
      return body;
    },
    // The audit log's hash chain, checked (admins).
    verifyAudit: ({ actor, query }) => verifyAuditLog(ctx, actor, query),
  } satisfies RouteHandlers;
}
