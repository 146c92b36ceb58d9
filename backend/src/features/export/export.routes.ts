import type { Language } from '@hutong/shared';
import type { Context } from '../../context.js';
import { SENT, type RouteHandlers } from '../../http/define-route.js';
import { exportCase } from './commands/export-case.js';
import { renderCaseExportHtml } from './export.html.js';

/** The requester's language from Accept-Language: English when preferred over Chinese, else zh-CN. */
export function requesterLanguage(acceptLanguage: string | undefined): Language {
  const preferred = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { tag, q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((p) => p.q > 0 && (p.tag.startsWith('zh') || p.tag.startsWith('en')))
    .sort((a, b) => b.q - a.q)[0];
  return preferred?.tag.startsWith('en') ? 'en' : 'zh-CN';
}

/** `GET /api/cases/:id/export?format=json|html&lang=`: the whole case record, audited. */
export function exportRoutes(ctx: Context) {
  return {
    exportCase: async ({ actor, params, query, req, res }) => {
      const record = await exportCase(ctx, actor, params.id, {
        format: query.format,
        includeReporterIdentity: query.reporterIdentity === 'include',
      });
      const name = `case-${record.case.reference}`;
      if (query.format === 'html') {
        res.type('html');
        res.set('Content-Disposition', `inline; filename="${name}.html"`);
        const language = query.lang ?? requesterLanguage(req.get('accept-language'));
        const regionName = (code: string) => ctx.regions.ref(code)?.path.join(' › ') ?? null;
        res.send(renderCaseExportHtml(record, language, regionName));
        return SENT;
      }
      res.set('Content-Disposition', `attachment; filename="${name}.json"`);
      return record;
    },
  } satisfies RouteHandlers;
}
