import {
  ASSESSMENT_FIELD_LABEL,
  auditDetails,
  CASE_EVENT_LABEL,
  CASE_STATUS_LABEL,
  CATEGORY_META,
  CHANNEL_LABEL,
  CHILD_CIRCUMSTANCE_LABEL,
  formatLocalDateTime,
  GUARDIANSHIP_LABEL,
  PRIORITY_META,
  priorityReasonText,
  REFERRAL_STATUS_LABEL,
  REPORTER_RELATIONSHIP_LABEL,
  REPORTER_TYPE_LABEL,
  RISK_FACTOR_LABEL,
  SEX_LABEL,
  SUSPECT_RELATIONSHIP_LABEL,
  ZAssessment,
  type Label,
  type Language,
  type SituationCategory,
  type TAssessment,
  type TCaseEvent,
  type TCaseExport,
  type TReportView,
} from '@hutong/shared';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

type Text = string | number | null | undefined;

/** Escapes text for HTML element content and quoted attributes. */
function escapeHtml(value: Text): string {
  return String(value ?? '').replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);
}

/** The page's own words (the codes' words come from shared, as the console's do). */
const TEXT = {
  title: { 'zh-CN': '案件记录', en: 'Case record' },
  notice: {
    'zh-CN': '涉及未成年人个人信息，仅供依法办案使用，不得向无关人员披露。',
    en: 'Contains personal information of minors: for lawful case handling only; do not disclose.',
  },
  timesNote: { 'zh-CN': '时间均为北京时间。', en: 'All times are China Standard Time (UTC+8).' },
  exportedAt: { 'zh-CN': '导出时间', en: 'Exported at' },
  exportedBy: { 'zh-CN': '导出人', en: 'Exported by' },
  reporterIdentity: { 'zh-CN': '报告人身份', en: 'Reporter identity' },
  included: { 'zh-CN': '已包含', en: 'Included' },
  withheld: { 'zh-CN': '已保密', en: 'Withheld' },
  case: { 'zh-CN': '案件', en: 'Case' },
  status: { 'zh-CN': '状态', en: 'Status' },
  priority: { 'zh-CN': '风险等级', en: 'Risk level' },
  priorityReasons: { 'zh-CN': '定级理由', en: 'Why this risk level' },
  priorityOverride: { 'zh-CN': '人工调整', en: 'Changed by hand' },
  situations: { 'zh-CN': '情形', en: 'Situations' },
  immediateDanger: { 'zh-CN': '紧急危险', en: 'Immediate danger' },
  channel: { 'zh-CN': '渠道', en: 'Channel' },
  region: { 'zh-CN': '地区', en: 'Region' },
  assignee: { 'zh-CN': '承办人', en: 'Assignee' },
  opened: { 'zh-CN': '创建时间', en: 'Opened' },
  claimed: { 'zh-CN': '认领时间', en: 'Claimed' },
  policeNotified: { 'zh-CN': '已报警时间', en: 'Police notified' },
  closed: { 'zh-CN': '结案时间', en: 'Closed' },
  closedReason: { 'zh-CN': '结案原因', en: 'Closing reason' },
  assessment: { 'zh-CN': '评估', en: 'Assessment' },
  notAssessed: { 'zh-CN': '尚未评估。', en: 'Not assessed yet.' },
  child: { 'zh-CN': '儿童 {{n}}', en: 'Child {{n}}' },
  name: { 'zh-CN': '姓名', en: 'Name' },
  sex: { 'zh-CN': '性别', en: 'Sex' },
  age: { 'zh-CN': '年龄', en: 'Age' },
  years: { 'zh-CN': '{{n}}岁', en: '{{n}} years' },
  birthDate: { 'zh-CN': '出生日期', en: 'Date of birth' },
  school: { 'zh-CN': '学校或幼儿园', en: 'School or kindergarten' },
  idNumber: { 'zh-CN': '身份证号', en: 'ID number' },
  livesWithChild: { 'zh-CN': '与儿童同住', en: 'lives with the child' },
  address: { 'zh-CN': '地址', en: 'Address' },
  notified: { 'zh-CN': '已报警', en: 'Notified' },
  notNotified: { 'zh-CN': '未报警', en: 'Not notified' },
  reports: { 'zh-CN': '报告', en: 'Reports' },
  report: { 'zh-CN': '报告 {{n}}', en: 'Report {{n}}' },
  received: { 'zh-CN': '收到时间', en: 'Received' },
  reporter: { 'zh-CN': '报告人', en: 'Reporter' },
  relationship: { 'zh-CN': '与儿童关系', en: 'relationship' },
  confidential: { 'zh-CN': '保密', en: 'withheld' },
  children: { 'zh-CN': '儿童', en: 'Children' },
  narrative: { 'zh-CN': '情况描述', en: 'What the reporter said' },
  timeline: { 'zh-CN': '时间线', en: 'Timeline' },
  when: { 'zh-CN': '时间', en: 'When' },
  event: { 'zh-CN': '事件', en: 'Event' },
  who: { 'zh-CN': '人员', en: 'Who' },
  details: { 'zh-CN': '详情', en: 'Details' },
  system: { 'zh-CN': '系统', en: 'System' },
  attachments: { 'zh-CN': '附件', en: 'Attachments' },
  yes: { 'zh-CN': '是', en: 'Yes' },
  no: { 'zh-CN': '否', en: 'No' },
  separator: { 'zh-CN': '、', en: ', ' },
} satisfies Record<string, Label>;

/** Resolves an administrative code to "Province › City › County" (null when unknown). */
export type RegionName = (code: string) => string | null;

/** Renders one case export for printing, in one language. */
class Page {
  constructor(
    private readonly language: Language,
    private readonly regionName: RegionName,
  ) {}

  t(key: keyof typeof TEXT, values: Record<string, Text> = {}): string {
    return TEXT[key][this.language].replace(/\{\{(\w+)\}\}/g, (_, n: string) =>
      String(values[n] ?? ''),
    );
  }

  label(table: Record<string, Label>, code: string): string {
    return table[code]?.[this.language] ?? code;
  }

  list(items: readonly string[]): string {
    return items.join(this.t('separator'));
  }

  time(iso: string | null | undefined): string | null {
    return iso ? formatLocalDateTime(iso, this.language) : null;
  }

  yesNo(value: boolean): string {
    return this.t(value ? 'yes' : 'no');
  }

  categories(list: readonly SituationCategory[]): string {
    return this.list(list.map((c) => CATEGORY_META[c].label[this.language]));
  }

  row(key: string, value: Text, raw = false): string {
    const heading = key in TEXT ? this.t(key as keyof typeof TEXT) : key;
    const empty = value === null || value === undefined || value === '';
    const cell = empty ? '—' : raw ? String(value) : escapeHtml(value);
    return `<tr><th scope="row">${escapeHtml(heading)}</th><td>${cell}</td></tr>`;
  }

  table(rows: string[]): string {
    return `<table>\n${rows.join('\n')}\n</table>`;
  }

  child(c: TAssessment['children'] extends (infer C)[] | undefined ? C : never): string {
    const parts = [
      c.name,
      c.sex ? this.label(SEX_LABEL, c.sex) : null,
      c.age === undefined ? null : this.t('years', { n: c.age }),
      c.birthDate ? `${this.t('birthDate')} ${c.birthDate}` : null,
      c.school,
      c.idNumber ? `${this.t('idNumber')} ${c.idNumber}` : null,
    ].filter(Boolean);
    return escapeHtml(parts.join(' · ') || '—');
  }

  assessment(stored: Record<string, unknown>): string {
    const parsed = ZAssessment.safeParse(stored);
    if (!parsed.success) {
      // Written under an older form: every part still shown as words, never as JSON.
      const lines = auditDetails(stored, this.language);
      return lines.length ? this.table(lines.map((l) => this.row(l.label, l.value))) : '';
    }
    const a = parsed.data;
    const field = (key: keyof TAssessment) => ASSESSMENT_FIELD_LABEL[key][this.language];
    const rows: string[] = [];
    const add = (key: keyof TAssessment, value: Text, raw = false) =>
      rows.push(this.row(field(key), value, raw));
    if (a.children?.length) {
      add(
        'children',
        `<ol>${a.children.map((c) => `<li>${this.child(c)}</li>`).join('')}</ol>`,
        true,
      );
    }
    if (a.categories?.length) add('categories', this.categories(a.categories));
    if (a.injuries) add('injuries', a.injuries);
    if (a.suspects?.length) {
      const suspects = a.suspects.map((s) =>
        [
          this.label(SUSPECT_RELATIONSHIP_LABEL, s.relationship),
          s.livesWithChild === undefined
            ? null
            : `${this.t('livesWithChild')}: ${this.yesNo(s.livesWithChild)}`,
        ]
          .filter(Boolean)
          .join(' · '),
      );
      add(
        'suspects',
        `<ol>${suspects.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ol>`,
        true,
      );
    }
    if (a.circumstances?.length) {
      add(
        'circumstances',
        this.list(a.circumstances.map((c) => this.label(CHILD_CIRCUMSTANCE_LABEL, c))),
      );
    }
    if (a.guardianship) add('guardianship', this.label(GUARDIANSHIP_LABEL, a.guardianship));
    if (a.guardianshipNotes) add('guardianshipNotes', a.guardianshipNotes);
    if (a.risks?.length) {
      add(
        'risks',
        `<ul>${a.risks.map((r) => `<li>${escapeHtml(this.label(RISK_FACTOR_LABEL, r))}</li>`).join('')}</ul>`,
        true,
      );
    }
    if (a.location && (a.location.regionCode || a.location.address)) {
      const region = a.location.regionCode ? this.regionName(a.location.regionCode) : null;
      add(
        'location',
        [region ?? a.location.regionCode, a.location.address].filter(Boolean).join(' · '),
      );
    }
    if (a.police) {
      add(
        'police',
        a.police.notified
          ? `${this.t('notified')} · ${this.time(a.police.at) ?? ''}`
          : this.t('notNotified'),
      );
    }
    return rows.length ? this.table(rows) : `<p>${escapeHtml(this.t('notAssessed'))}</p>`;
  }

  reporter(report: TReportView): string {
    const r = report.reporter;
    const type = this.label(REPORTER_TYPE_LABEL, r.type);
    if ('redacted' in r) return `${type}（${this.t('confidential')}）`;
    if (r.type === 'anonymous') return type;
    const relationship =
      r.type === 'person' && r.relationship
        ? this.label(REPORTER_RELATIONSHIP_LABEL, r.relationship)
        : null;
    return [type, r.type === 'organisation' ? r.orgName : null, r.name, relationship, r.phone]
      .filter(Boolean)
      .join(' · ');
  }

  report(report: TReportView, index: number): string {
    const children = report.children.map((c) => `<li>${this.child(c)}</li>`).join('');
    return `<section class="report">
<h3>${escapeHtml(this.t('report', { n: index + 1 }))} — ${escapeHtml(report.reference)}</h3>
${this.table([
  this.row('received', this.time(report.receivedAt)),
  this.row('channel', this.label(CHANNEL_LABEL, report.channel)),
  this.row('reporter', this.reporter(report)),
  this.row('situations', this.categories(report.categories)),
  this.row('immediateDanger', this.yesNo(report.immediateDanger)),
  this.row('region', report.location.regionName),
  this.row('address', report.location.address),
])}
<h4>${escapeHtml(this.t('children'))}</h4><ul>${children || '<li>—</li>'}</ul>
<h4>${escapeHtml(this.t('narrative'))}</h4><p class="narrative">${escapeHtml(report.narrative ?? '—')}</p>
</section>`;
  }

  /** What a timeline event changed, in words: statuses and risk levels from → to. */
  eventDetails(e: TCaseEvent): string {
    const { from, to, priority, previousPriority, changed, reference, ...rest } = e.data;
    const status = (code: unknown) =>
      typeof code === 'string'
        ? this.label({ ...CASE_STATUS_LABEL, ...REFERRAL_STATUS_LABEL }, code)
        : '—';
    const level = (code: unknown) =>
      typeof code === 'string' && code in PRIORITY_META
        ? `${code} ${PRIORITY_META[code as keyof typeof PRIORITY_META].label[this.language]}`
        : null;
    const parts: string[] = [];
    if (typeof reference === 'string') parts.push(reference);
    if (from !== undefined || to !== undefined) parts.push(`${status(from)} → ${status(to)}`);
    if (level(priority)) {
      parts.push(
        level(previousPriority) && previousPriority !== priority
          ? `${this.t('priority')} ${level(previousPriority)} → ${level(priority)}`
          : `${this.t('priority')} ${level(priority)}`,
      );
    }
    if (Array.isArray(changed) && changed.length) {
      const fields = changed.map((k) =>
        this.label(ASSESSMENT_FIELD_LABEL as Record<string, Label>, String(k)),
      );
      parts.push(this.list(fields));
    }
    // Ids mean nothing on paper; the rest is shown as words.
    const words = Object.fromEntries(
      Object.entries(rest).filter(([key]) => !/(^id$|Id$|Ids$)/.test(key)),
    );
    for (const line of auditDetails(words, this.language)) {
      parts.push(`${line.label}: ${line.value}`);
    }
    return escapeHtml(parts.join('; '));
  }

  render(record: TCaseExport): string {
    const c = record.case;
    const override = c.priorityOverride as { reason?: unknown } | null;
    const timeline = record.timeline
      .map(
        (e) =>
          `<tr><td>${escapeHtml(this.time(e.createdAt))}</td><td>${escapeHtml(
            this.label(CASE_EVENT_LABEL, e.type),
          )}</td><td>${escapeHtml(e.actor?.displayName ?? this.t('system'))}</td><td>${this.eventDetails(e)}</td></tr>`,
      )
      .join('\n');
    const files = record.attachments
      .map(
        (a) =>
          `<li>${escapeHtml(a.filename)} (${escapeHtml(a.contentType)}, ${a.size} B, ${escapeHtml(this.time(a.createdAt))})</li>`,
      )
      .join('');
    const reasons = c.priorityReasons.map((r) => priorityReasonText(r, this.language));
    return `<!doctype html>
<html lang="${this.language}">
<head>
<meta charset="utf-8">
<title>${escapeHtml(`${this.t('title')} ${c.reference}`)}</title>
<style>
body { font: 11pt/1.5 system-ui, "Noto Sans CJK SC", sans-serif; margin: 2cm; color: #000; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1em; }
th, td { border: 1px solid #999; padding: 4px 6px; text-align: left; vertical-align: top; }
th { width: 12em; background: #f2f2f2; }
td ol, td ul { margin: 0; padding-left: 1.4em; }
.narrative { white-space: pre-wrap; }
.notice { border: 2px solid #000; padding: 6px; }
@media print { body { margin: 0; } section { break-inside: avoid; } }
</style>
</head>
<body>
<h1>${escapeHtml(this.t('title'))} ${escapeHtml(c.reference)}</h1>
<p class="notice">${escapeHtml(this.t('notice'))}</p>
<p>${escapeHtml(this.t('timesNote'))}</p>
${this.table([
  this.row('exportedAt', this.time(record.exportedAt)),
  this.row('exportedBy', record.exportedBy.displayName),
  this.row('reporterIdentity', this.t(record.reporterIdentity)),
])}
<h2>${escapeHtml(this.t('case'))}</h2>
${this.table([
  this.row('status', this.label(CASE_STATUS_LABEL, c.status)),
  this.row('priority', `${c.priority} ${PRIORITY_META[c.priority].label[this.language]}`),
  this.row(
    'priorityReasons',
    reasons.length ? `<ul>${reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul>` : null,
    true,
  ),
  ...(override && typeof override.reason === 'string'
    ? [this.row('priorityOverride', override.reason)]
    : []),
  this.row('situations', this.categories(c.categories)),
  this.row('immediateDanger', this.yesNo(c.immediateDanger)),
  this.row('channel', this.label(CHANNEL_LABEL, c.channel)),
  this.row('region', c.region),
  this.row('assignee', c.assignee?.displayName),
  this.row('opened', this.time(c.createdAt)),
  this.row('claimed', this.time(c.claimedAt)),
  this.row('policeNotified', this.time(c.policeNotifiedAt)),
  this.row('closed', this.time(c.closedAt)),
  this.row('closedReason', c.closedReason),
])}
<h2>${escapeHtml(this.t('assessment'))}</h2>
${this.assessment(c.assessment)}
<h2>${escapeHtml(this.t('reports'))}</h2>
${record.reports.map((r, i) => this.report(r, i)).join('\n')}
<h2>${escapeHtml(this.t('timeline'))}</h2>
<table>
<thead><tr><th scope="col">${escapeHtml(this.t('when'))}</th><th scope="col">${escapeHtml(this.t('event'))}</th><th scope="col">${escapeHtml(this.t('who'))}</th><th scope="col">${escapeHtml(this.t('details'))}</th></tr></thead>
<tbody>
${timeline}
</tbody>
</table>
<h2>${escapeHtml(this.t('attachments'))}</h2>
<ul>${files || '<li>—</li>'}</ul>
</body>
</html>
`;
  }
}

/**
 * The printable page of a case export in the reader's language: every code as its label, the
 * assessment as labelled sections, times in Shanghai local time. Plain HTML and print CSS, no
 * scripts.
 */
export function renderCaseExportHtml(
  record: TCaseExport,
  language: Language,
  regionName: RegionName = () => null,
): string {
  return new Page(language, regionName).render(record);
}
