import type { TCaseExport, TReportView } from '@hutong/shared';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attributes. */
type Text = string | number | null | undefined;

export function escapeHtml(value: Text): string {
  return String(value ?? '').replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);
}

/** A bilingual label: the record goes to Chinese authorities, and is read by our staff too. */
const label = (zh: string, en: string) =>
  `${escapeHtml(zh)} <span lang="en">${escapeHtml(en)}</span>`;

function row(zh: string, en: string, value: Text): string {
  const text = value === null || value === undefined || value === '' ? '—' : value;
  return `<tr><th scope="row">${label(zh, en)}</th><td>${escapeHtml(text)}</td></tr>`;
}

function reporterText(report: TReportView): string {
  const r = report.reporter;
  if ('redacted' in r) return `${r.type} (保密 withheld)`;
  if (r.type === 'anonymous') return '匿名 anonymous';
  return [r.type === 'organisation' ? r.orgName : null, r.name, r.phone]
    .filter(Boolean)
    .join(' · ');
}

function reportSection(report: TReportView, index: number): string {
  const children = report.children
    .map((c) => [c.name, c.sex, c.age === undefined ? null : `${c.age}`, c.school].filter(Boolean))
    .map((parts) => `<li>${escapeHtml(parts.join(' · ') || '—')}</li>`)
    .join('');
  return `<section class="report">
<h3>${label(`报告 ${index + 1}`, `Report ${index + 1}`)} — ${escapeHtml(report.reference)}</h3>
<table>
${row('收到时间', 'Received', report.receivedAt)}
${row('渠道', 'Channel', report.channel)}
${row('报告人', 'Reporter', reporterText(report))}
${row('情形', 'Situations', report.categories.join(', '))}
${row('紧急危险', 'Immediate danger', report.immediateDanger ? '是 yes' : '否 no')}
${row('地区', 'Region', report.location.regionName)}
${row('地址', 'Address', report.location.address)}
</table>
<h4>${label('儿童', 'Children')}</h4><ul>${children}</ul>
<h4>${label('情况描述', 'Narrative')}</h4><p class="narrative">${escapeHtml(report.narrative ?? '—')}</p>
</section>`;
}

/** The printable page of a case export: plain HTML and print CSS, no scripts. */
export function renderCaseExportHtml(record: TCaseExport): string {
  const c = record.case;
  const timeline = record.timeline
    .map(
      (e) =>
        `<tr><td>${escapeHtml(e.createdAt)}</td><td>${escapeHtml(e.type)}</td><td>${escapeHtml(
          e.actor?.displayName ?? '—',
        )}</td><td><code>${escapeHtml(JSON.stringify(e.data))}</code></td></tr>`,
    )
    .join('\n');
  const files = record.attachments
    .map(
      (a) =>
        `<li>${escapeHtml(a.filename)} (${escapeHtml(a.contentType)}, ${a.size} B, ${escapeHtml(a.createdAt)})</li>`,
    )
    .join('');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${escapeHtml(`案件记录 Case record ${c.reference}`)}</title>
<style>
body { font: 11pt/1.5 system-ui, "Noto Sans CJK SC", sans-serif; margin: 2cm; color: #000; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1em; }
th, td { border: 1px solid #999; padding: 4px 6px; text-align: left; vertical-align: top; }
th { width: 12em; background: #f2f2f2; }
.narrative { white-space: pre-wrap; }
.notice { border: 2px solid #000; padding: 6px; }
code { white-space: pre-wrap; word-break: break-all; font-size: 9pt; }
@media print { body { margin: 0; } section { break-inside: avoid; } }
</style>
</head>
<body>
<h1>${label('案件记录', 'Case record')} ${escapeHtml(c.reference)}</h1>
<p class="notice">${label(
    '涉及未成年人个人信息，仅供依法办案使用，不得向无关人员披露。',
    'Contains personal information of minors: for lawful case handling only; do not disclose.',
  )}</p>
<table>
${row('导出时间', 'Exported at', record.exportedAt)}
${row('导出人', 'Exported by', record.exportedBy.displayName)}
${row('报告人身份', 'Reporter identity', record.reporterIdentity === 'included' ? '已包含 included' : '已保密 withheld')}
</table>
<h2>${label('案件', 'Case')}</h2>
<table>
${row('状态', 'Status', c.status)}
${row('优先级', 'Priority', c.priority)}
${row('情形', 'Situations', c.categories.join(', '))}
${row('紧急危险', 'Immediate danger', c.immediateDanger ? '是 yes' : '否 no')}
${row('地区', 'Region', c.region)}
${row('承办人', 'Assignee', c.assignee?.displayName)}
${row('创建时间', 'Opened', c.createdAt)}
${row('认领时间', 'Claimed', c.claimedAt)}
${row('已报警时间', 'Police notified', c.policeNotifiedAt)}
${row('结案时间', 'Closed', c.closedAt)}
${row('结案原因', 'Closing reason', c.closedReason)}
</table>
<h2>${label('评估', 'Assessment')}</h2>
<pre><code>${escapeHtml(JSON.stringify(c.assessment, null, 2))}</code></pre>
<h2>${label('报告', 'Reports')}</h2>
${record.reports.map(reportSection).join('\n')}
<h2>${label('时间线', 'Timeline')}</h2>
<table>
<thead><tr><th scope="col">${label('时间', 'When')}</th><th scope="col">${label('事件', 'Event')}</th><th scope="col">${label('人员', 'Who')}</th><th scope="col">${label('详情', 'Details')}</th></tr></thead>
<tbody>
${timeline}
</tbody>
</table>
<h2>${label('附件', 'Attachments')}</h2>
<ul>${files || '<li>—</li>'}</ul>
</body>
</html>
`;
}
