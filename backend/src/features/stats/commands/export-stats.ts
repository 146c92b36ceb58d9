import ExcelJS from 'exceljs';
import {
  CATEGORY_META,
  CHANNEL_LABEL,
  CHILD_CATEGORIES,
  CHILD_CATEGORY_LABEL,
  CHILD_RISK_LABEL,
  CHILD_RISK_LEVELS,
  PRIORITY_META,
  SATISFACTION_LABEL,
  SATISFACTIONS,
  STAT_DEFINITIONS,
  SITUATION_CATEGORIES,
  type Label,
  type Language,
  type StatKey,
  type TStatsExportQuery,
  type TStatsSummary,
} from '@hutong/shared';
import type { Context } from '../../../context.js';
import type { Actor } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/audit.repository.js';
import { suppressGroup, suppressOne, type ShownCount } from '../suppression.js';
import { readStatsSummary } from './read-stats-summary.js';

type Cell = string | number | null;
/** One table of the export: a sheet in the xlsx, a block in the CSV. */
export interface StatsTable {
  name: Label;
  header: Label[];
  rows: Cell[][];
}

const L = (zh: string, en: string): Label => ({ 'zh-CN': zh, en });
const COUNT = L('数量', 'Count');
const OTHER_CHANNEL: Record<string, Label> = {
  phone: L('电话', 'Phone'),
  monitoring: L('监测预警', 'Monitoring'),
};

/** 12345's ratings: the count, and the levels as a group that adds up to it. */
function hotline12345Lines(
  h: TStatsSummary['hotline12345'],
  lang: Language,
  one: (value: number) => ShownCount,
  group: (values: number[]) => ShownCount[],
): Cell[][] {
  const levels = group(SATISFACTIONS.map((level) => h.bySatisfaction[level]));
  const def = (key: StatKey) => STAT_DEFINITIONS[key];
  return [
    [
      def('hotline12345.rated').label[lang],
      one(h.rated),
      def('hotline12345.rated').definition[lang],
    ],
    ...SATISFACTIONS.map((level, i): Cell[] => [
      `${def('hotline12345.bySatisfaction').label[lang]} · ${SATISFACTION_LABEL[level][lang]}`,
      levels[i]!,
      def('hotline12345.bySatisfaction').definition[lang],
    ]),
  ];
}

/**
 * The figures of the screen as tables. For analysts every count passes small-cell suppression:
 * a group whose cells add up to a total shown elsewhere is suppressed as a group (see
 * suppressGroup); a figure below a parent is suppressed with its unpublished complement.
 */
export function statsTables(s: TStatsSummary, lang: Language, suppress: boolean): StatsTable[] {
  const group = (values: number[], free: number[] = []): ShownCount[] =>
    suppress ? suppressGroup(values, free) : values;
  const one = (value: number): ShownCount => (suppress ? suppressOne(value) : value);
  /** A figure and what is left of its parent, which is not published. */
  const part = (value: number, parent: number) => group([value, parent - value], [1])[0]!;
  const def = (key: StatKey) => STAT_DEFINITIONS[key];
  const line = (key: StatKey, value: ShownCount | null): Cell[] => [
    def(key).label[lang],
    value,
    def(key).definition[lang],
  ];

  const c = s.contacts;
  const responded = part(c.responded, c.total);
  const [answered, abandoned] = group(
    [s.calls.answered, s.calls.abandoned, s.calls.offered - s.calls.answered - s.calls.abandoned],
    [2],
  );
  const summary: Cell[][] = [
    line('contacts.total', one(c.total)),
    line('contacts.responded', responded),
    [
      L('有效响应率', 'Effective response share')[lang],
      typeof responded === 'number' && c.respondedShare !== null
        ? Math.round(c.respondedShare * 1000) / 10
        : c.respondedShare === null
          ? null
          : '—',
      L('有效响应占来访总数的百分比。', 'Effective responses as a percentage of contacts.')[lang],
    ],
    line('calls.offered', one(s.calls.offered)),
    line('calls.answered', answered!),
    line('calls.answeredWithin15s', part(s.calls.answeredWithin15s, s.calls.answered)),
    line('calls.abandoned', abandoned!),
    line('calls.waitP50', s.calls.waitP50),
    line('calls.waitP90', s.calls.waitP90),
    line('calls.outbound.made', one(s.calls.outbound.made)),
    line('calls.outbound.answered', part(s.calls.outbound.answered, s.calls.outbound.made)),
    line('sms.conversations', one(s.sms.conversations)),
    line('sms.repliedWithin3m', part(s.sms.repliedWithin3m, s.sms.conversations)),
    line('cases.opened', one(s.cases.opened)),
    line('cases.resolved', one(s.cases.resolved)),
    line('cases.claimP50', s.cases.claimP50),
    line('cases.claimP90', s.cases.claimP90),
    line('cases.resolutionP50', s.cases.resolutionP50),
    line('cases.reopened', one(s.cases.reopened)),
    line('referrals.made', one(s.referrals.made)),
    line('referrals.ackedInTime', part(s.referrals.ackedInTime, s.referrals.made)),
    line('referrals.escalated', part(s.referrals.escalated, s.referrals.made)),
    line('referrals.declined', part(s.referrals.declined, s.referrals.made)),
    line('referrals.rerouted', part(s.referrals.rerouted, s.referrals.made)),
    ...hotline12345Lines(s.hotline12345, lang, one, group),
  ];

  const channels = Object.entries(c.byChannel);
  const channelCounts = group(channels.map(([, n]) => n));
  const regionCounts = group([...c.byRegion.map((r) => r.count), c.unplaced]);
  const priorities = ['P1', 'P2', 'P3', 'P4', 'untriaged'] as const;
  const priorityCounts = group(priorities.map((p) => c.byPriority[p]));
  const hourCounts = group(c.byHour);
  const columns = ['made', 'ackedInTime', 'escalated', 'declined', 'rerouted'] as const;
  const centreColumns = columns.map((k) => group(s.referrals.byCentre.map((r) => r[k])));
  // The register: risk levels partition the children on file; categories overlap (each alone).
  const g = s.register;
  const riskCounts = group(CHILD_RISK_LEVELS.map((level) => g.byRisk[level]));
  const register: Cell[][] = [
    line('register.onFile', one(g.onFile)),
    ...CHILD_RISK_LEVELS.map((level, i): Cell[] => [
      CHILD_RISK_LABEL[level][lang],
      riskCounts[i]!,
      def('register.byRisk').definition[lang],
    ]),
    ...CHILD_CATEGORIES.map((category): Cell[] => [
      CHILD_CATEGORY_LABEL[category][lang],
      one(g.byCategory[category]),
      def('register.byCategory').definition[lang],
    ]),
    line('register.visitsDone', one(g.visitsDone)),
    line('register.visitsOverdue', part(g.visitsOverdue, g.onFile)),
    line('register.warningsRaised', one(g.warningsRaised)),
    line('register.warningsEscalated', part(g.warningsEscalated, g.warningsRaised)),
  ];

  return [
    {
      name: L('概要', 'Summary'),
      header: [L('指标', 'Figure'), L('数值', 'Value'), L('口径', 'Definition')],
      rows: summary,
    },
    {
      name: L('渠道', 'Channels'),
      header: [L('渠道', 'Channel'), COUNT],
      rows: channels.map(([name], i) => [
        (CHANNEL_LABEL[name as keyof typeof CHANNEL_LABEL] ?? OTHER_CHANNEL[name])?.[lang] ?? name,
        channelCounts[i]!,
      ]),
    },
    {
      name: L('情形类别', 'Situations'),
      header: [L('情形类别', 'Situation'), COUNT],
      rows: SITUATION_CATEGORIES.map((k) => [CATEGORY_META[k].label[lang], one(c.byCategory[k])]),
    },
    {
      name: L('地区', 'Regions'),
      header: [L('地区', 'Region'), L('代码', 'Code'), COUNT],
      rows: [
        ...c.byRegion.map((r, i): Cell[] => [r.name, r.code, regionCounts[i]!]),
        [L('未定位或本级', 'No place, or this level')[lang], null, regionCounts.at(-1)!],
      ],
    },
    {
      name: L('优先级', 'Priorities'),
      header: [L('优先级', 'Priority'), COUNT],
      rows: priorities.map((p, i) => [
        p === 'untriaged' ? L('未分拣', 'Not yet triaged')[lang] : PRIORITY_META[p].label[lang],
        priorityCounts[i]!,
      ]),
    },
    {
      name: L('时段', 'Hours'),
      header: [L('时（北京时间）', 'Hour (Beijing)'), COUNT],
      rows: hourCounts.map((n, h) => [`${String(h).padStart(2, '0')}:00`, n]),
    },
    {
      name: L('转介机构', 'Centres'),
      header: [L('机构', 'Centre'), ...columns.map((k) => def(`referrals.${k}`).label)],
      rows: s.referrals.byCentre.map((r, i) => [r.name, ...centreColumns.map((col) => col[i]!)]),
    },
    {
      name: L('儿童名册', 'Register'),
      header: [L('指标', 'Figure'), L('数值', 'Value'), L('口径', 'Definition')],
      rows: register,
    },
  ];
}

/** A text cell that a spreadsheet would run as a formula is prefixed with an apostrophe (OWASP). */
function neutralise(cell: Cell): Cell {
  return typeof cell === 'string' && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

async function renderXlsx(tables: StatsTable[], lang: Language): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Hutong';
  for (const table of tables) {
    const sheet = book.addWorksheet(table.name[lang]);
    sheet.addRow(table.header.map((h) => h[lang])).font = { bold: true };
    for (const row of table.rows) sheet.addRow(row.map(neutralise));
    sheet.columns.forEach((col) => (col.width = 18));
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

const csvField = (cell: Cell) => {
  const text = String(neutralise(cell) ?? '');
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** Every table one after another, a blank line and its name between; a BOM so Excel reads UTF-8. */
function renderCsv(tables: StatsTable[], lang: Language): Buffer {
  const lines = tables.flatMap((t, i) => [
    ...(i > 0 ? [''] : []),
    csvField(t.name[lang]),
    t.header.map((h) => csvField(h[lang])).join(','),
    ...t.rows.map((row) => row.map(csvField).join(',')),
  ]);
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/** The export of a period and region, audited; analysts' counts pass small-cell suppression. */
export async function exportStats(
  ctx: Context,
  actor: Actor,
  query: TStatsExportQuery,
  lang: Language,
): Promise<{ filename: string; contentType: string; data: Buffer }> {
  const { format, lang: _lang, ...period } = query;
  const summary = await readStatsSummary(ctx, actor, period);
  const suppressed = actor.role === 'analyst';
  const tables = statsTables(summary, lang, suppressed);
  await writeAudit(ctx.db, {
    actorId: actor.id,
    action: 'stats.exported',
    entityType: 'stats',
    data: {
      format,
      from: summary.from,
      to: summary.to,
      regionCode: summary.regionCode,
      suppressed,
    },
  });
  const name = `hutong-stats-${summary.regionCode ?? 'all'}-${summary.from}-${summary.to}`;
  return format === 'csv'
    ? {
        filename: `${name}.csv`,
        contentType: 'text/csv; charset=utf-8',
        data: renderCsv(tables, lang),
      }
    : {
        filename: `${name}.xlsx`,
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        data: await renderXlsx(tables, lang),
      };
}
