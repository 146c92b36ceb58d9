import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Button, Card, Progress, Segmented, Select, Space, Statistic } from 'antd';
import {
  can,
  CATEGORY_META,
  CHANNEL_LABEL,
  shanghaiDate,
  STAT_DEFINITIONS,
  STAT_INTERVALS,
  STAT_SERIES_METRICS,
  STAT_TARGETS,
  type StatInterval,
  type StatKey,
  type StatSeriesMetric,
  type TRegion,
} from '@hutong/shared';
import { DateInput } from '../../../components/DateInput';
import { LoadError } from '../../../components/LoadError';
import { Loading } from '../../../components/Loading';
import { PageHeading } from '../../../components/PageHeading';
import { useAuth } from '../../auth/AuthProvider';
import { useApi } from '../../../lib/ApiProvider';
import { useLanguage } from '../../../lib/use-language';
import { useMessages } from '../../../lib/messages';
import { STATS_MESSAGES } from '../messages';
import { Hotline12345Panel } from './Hotline12345Panel';
import { RegisterPanel } from './RegisterPanel';
import { UnansweredDrawer } from './UnansweredDrawer';
import { askFiguresEarly, firstView, loadFigures, monthOf, type Figures } from '../figures';
import { startingClient } from '../../../lib/early';
import type * as StatsChartModule from './StatsChart';
import './stats.css';

/**
 * Opening /stats, the first view's figures are asked for as this code runs, so that they travel
 * while the console renders its shell and this page, rather than after this page's first render
 * (`npm run bench -- --stats-page`, docs/PERFORMANCE.md).
 */
const startedClient = startingClient();
if (startedClient && window.location.pathname === '/stats') askFiguresEarly(startedClient);

type ChartModule = typeof StatsChartModule;
/**
 * The charts' code (ECharts, the page's largest file), asked for as soon as this page's code runs
 * so that it downloads and compiles while the figures are fetched rather than after them.
 */
let chartModule: ChartModule | undefined;
const chartCode = import('./StatsChart').then((loaded) => (chartModule = loaded));
chartCode.catch(() => undefined);

/**
 * The chart component once its code is here. Not `React.lazy`: a lazy component suspends at its
 * first render even when its code has arrived, and React then holds the boundary's content back
 * for up to 300 ms after its fallback showed — with two charts, the largest share of the time
 * from the figures' arrival to a drawn page (`npm run bench -- --stats-page`,
 * docs/PERFORMANCE.md). Code that fails to load goes to the error boundary, as with `lazy`.
 */
function useChartCode(): ChartModule['default'] | undefined {
  const [loaded, setLoaded] = useState<{ module?: ChartModule; error?: Error }>(() => ({
    module: chartModule,
  }));
  useEffect(() => {
    if (loaded.module) return;
    let live = true;
    chartCode.then(
      (module) => live && setLoaded({ module }),
      // The same error object, so the route's error screen can tell a missing chunk.
      (error: unknown) =>
        live && setLoaded({ error: error instanceof Error ? error : new Error(String(error)) }),
    );
    return () => {
      live = false;
    };
  }, [loaded.module]);
  if (loaded.error) throw loaded.error;
  return loaded.module?.default;
}

/** Channels the figures count that are not intake channels of a report (yet). */
const EXTRA_CHANNEL_LABEL: Record<string, Record<'zh-CN' | 'en', string>> = {
  phone: { 'zh-CN': '电话', en: 'Phone' },
  monitoring: { 'zh-CN': '监测预警', en: 'Monitoring' },
};

/** Figures by period and region for supervisors, analysts and admins; printable as a report. */
export function StatsPage() {
  const m = useMessages(STATS_MESSAGES);
  const [language] = useLanguage();
  const api = useApi();
  const { state: auth } = useAuth();
  const StatsChart = useChartCode();
  const role = auth.status === 'authenticated' ? auth.user.role : null;
  const [unansweredOpen, setUnansweredOpen] = useState(false);
  const today = shanghaiDate(new Date());
  // The first view is the one the console may have asked for early (`askFiguresEarly`).
  const [first] = useState(firstView);
  const [period, setPeriod] = useState({ from: first.from, to: first.to });
  const [regionCode, setRegionCode] = useState<string | undefined>(first.regionCode);
  const [regions, setRegions] = useState<TRegion[]>([]);
  // The figure drawn over time, and by what step.
  const [metric, setMetric] = useState<StatSeriesMetric>(first.metric);
  const [interval, setStep] = useState<StatInterval>(first.interval);
  const [state, setState] = useState<{
    status: 'loading' | 'ready' | 'error';
    data?: Figures;
    error?: unknown;
  }>({
    status: 'loading',
  });

  const load = useCallback(async () => {
    setState((s) => ({ ...s, status: 'loading' }));
    try {
      const data = await loadFigures(api, { ...period, regionCode, metric, interval });
      setState({ status: 'ready', data });
    } catch (error) {
      setState({ status: 'error', error });
    }
  }, [api, period, regionCode, metric, interval]);

  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    api.request('listRegions').then(
      (r) => setRegions(r.regions),
      () => setRegions([]),
    );
  }, [api]);

  const data = state.data;
  const current = data?.summary.regionCode ?? null;
  const children = data?.summary.contacts.byRegion ?? [];
  const parent = current ? regions.find((r) => r.code === current)?.parentCode : undefined;
  const exportHref = (format: 'xlsx' | 'csv') =>
    `/api/stats/export?${new URLSearchParams({
      format,
      lang: language,
      from: period.from,
      to: period.to,
      ...(regionCode ? { regionCode } : {}),
    }).toString()}`;

  const chart = useMemo(() => {
    if (!data) return null;
    const labels = data.series.points.map((p) => p.start);
    // Contacts are drawn a line per channel; any other figure as its one line.
    if (data.series.metric !== 'contacts.total') {
      return {
        labels,
        series: [
          {
            name: STAT_DEFINITIONS[data.series.metric].label[language],
            values: data.series.points.map((p) => p.value),
          },
        ],
      };
    }
    const channels = Object.keys(data.series.points[0]?.byChannel ?? {});
    return {
      labels,
      series: channels.map((c) => ({
        name:
          CHANNEL_LABEL[c as keyof typeof CHANNEL_LABEL]?.[language] ??
          EXTRA_CHANNEL_LABEL[c]?.[language] ??
          c,
        values: data.series.points.map((p) => p.byChannel?.[c] ?? 0),
      })),
    };
  }, [data, language]);

  const categories = useMemo(() => {
    if (!data) return [];
    return Object.entries(data.summary.contacts.byCategory)
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => ({
        label: CATEGORY_META[k as keyof typeof CATEGORY_META].label[language],
        n,
      }));
  }, [data, language]);
  const categoriesTitle = m('categories');
  const categoryChart = useMemo(
    () => ({
      labels: categories.map((c) => c.label),
      series: [{ name: categoriesTitle, values: categories.map((c) => c.n) }],
    }),
    [categories, categoriesTitle],
  );
  const seriesTitle = m('seriesTitle', {
    metric: STAT_DEFINITIONS[metric].label[language],
    interval: m(`interval.${interval}`),
  });

  const figure = (
    key: StatKey,
    value: number | null,
    before: number | null,
    suffix = '',
    extra?: ReactNode,
  ) => {
    const change =
      value !== null && before !== null && before !== 0
        ? `${value >= before ? '+' : ''}${Math.round(((value - before) / before) * 100)}%`
        : null;
    return (
      <Card key={key} size="small" className="stats-figure">
        <Statistic
          title={STAT_DEFINITIONS[key].label[language]}
          value={value ?? '—'}
          suffix={value === null ? undefined : suffix}
        />
        <div className="muted">{change ? m('change', { change }) : m('noChange')}</div>
        {extra}
        <p className="stats-definition">{STAT_DEFINITIONS[key].definition[language]}</p>
      </Card>
    );
  };

  return (
    <div className="stats-page">
      <PageHeading>{m('title')}</PageHeading>
      <p className="muted">{m('intro')}</p>
      <Space wrap className="stats-controls">
        <Button onClick={() => setPeriod(monthOf(today, 0))}>{m('thisMonth')}</Button>
        <Button onClick={() => setPeriod(monthOf(today, -1))}>{m('lastMonth')}</Button>
        <label htmlFor="stats-from">{m('from')}</label>
        <DateInput
          id="stats-from"
          value={period.from}
          max={period.to}
          onChange={(from) => from && setPeriod((p) => ({ ...p, from }))}
        />
        <label htmlFor="stats-to">{m('to')}</label>
        <DateInput
          id="stats-to"
          value={period.to}
          max={today}
          onChange={(to) => to && setPeriod((p) => ({ ...p, to: to < p.from ? p.from : to }))}
        />
        <Select
          aria-label={m('region')}
          style={{ minWidth: 200 }}
          placeholder={m('region')}
          value={undefined}
          options={children.map((r) => ({ value: r.code, label: r.name }))}
          onChange={(code: string) => setRegionCode(code)}
        />
        {regionCode && (
          <Button onClick={() => setRegionCode(parent ?? undefined)}>{m('up')}</Button>
        )}
        <a href={exportHref('xlsx')}>{m('exportXlsx')}</a>
        <a href={exportHref('csv')}>{m('exportCsv')}</a>
        <Button onClick={() => window.print()}>{m('print')}</Button>
      </Space>
      {state.status === 'error' && (
        <LoadError message={m('loadFailed')} error={state.error} onRetry={() => void load()} />
      )}
      {!data && state.status === 'loading' && <Loading label={m('loading')} />}
      {data && (
        <>
          <h2 className="stats-scope">
            {current ? (regions.find((r) => r.code === current)?.name ?? current) : m('wholeScope')}{' '}
            · {data.summary.from} – {data.summary.to}
          </h2>
          <div className="stats-figures">
            {figure('contacts.total', data.summary.contacts.total, data.previous.contacts.total)}
            {figure(
              'contacts.responded',
              data.summary.contacts.responded,
              data.previous.contacts.responded,
              '',
              role && can(role, 'stats.unanswered') ? (
                <button
                  type="button"
                  className="link stats-unanswered-link"
                  onClick={() => setUnansweredOpen(true)}
                >
                  {m('unansweredLink', {
                    count: String(data.summary.contacts.total - data.summary.contacts.responded),
                  })}
                </button>
              ) : undefined,
            )}
            {figure('calls.offered', data.summary.calls.offered, data.previous.calls.offered)}
            {figure('calls.waitP90', data.summary.calls.waitP90, data.previous.calls.waitP90, ' s')}
            {figure('cases.opened', data.summary.cases.opened, data.previous.cases.opened)}
            {figure('referrals.made', data.summary.referrals.made, data.previous.referrals.made)}
          </div>
          <Card size="small" title={seriesTitle}>
            <Space wrap className="stats-series-controls">
              <Select
                aria-label={m('seriesMetric')}
                style={{ minWidth: 220 }}
                value={metric}
                options={STAT_SERIES_METRICS.map((key) => ({
                  value: key,
                  label:
                    key === 'contacts.total'
                      ? m('byChannel', { metric: STAT_DEFINITIONS[key].label[language] })
                      : STAT_DEFINITIONS[key].label[language],
                }))}
                onChange={(key: StatSeriesMetric) => setMetric(key)}
              />
              <Segmented
                aria-label={m('seriesInterval')}
                value={interval}
                options={STAT_INTERVALS.map((i) => ({ value: i, label: m(`interval.${i}`) }))}
                onChange={(i) => setStep(i)}
              />
            </Space>
            {data.series.points.every((p) => p.value === 0) && (
              <p className="muted">{m('emptySeries')}</p>
            )}
            {chart &&
              (StatsChart ? (
                <StatsChart
                  kind="line"
                  label={seriesTitle}
                  labels={chart.labels}
                  series={chart.series}
                  testId="stats-series-chart"
                />
              ) : (
                <Loading label={m('loading')} />
              ))}
            <p className="stats-definition">{STAT_DEFINITIONS[metric].definition[language]}</p>
          </Card>
          <Card size="small" title={m('serviceLevels')}>
            {(
              [
                [
                  'calls.answeredWithin15s',
                  data.summary.calls.answeredWithin15s,
                  data.summary.calls.offered,
                ],
                [
                  'sms.repliedWithin3m',
                  data.summary.sms.repliedWithin3m,
                  data.summary.sms.conversations,
                ],
                [
                  'referrals.ackedInTime',
                  data.summary.referrals.ackedInTime,
                  data.summary.referrals.made,
                ],
              ] as const
            ).map(([key, n, of]) => (
              <div key={key} className="stats-level">
                <strong>{STAT_DEFINITIONS[key].label[language]}</strong> {n} / {of} ·{' '}
                {m('target', { target: `${STAT_TARGETS[key] * 100}%` })}
                <Progress percent={of === 0 ? 0 : Math.round((n / of) * 100)} />
                <p className="stats-definition">{STAT_DEFINITIONS[key].definition[language]}</p>
              </div>
            ))}
          </Card>
          <Card size="small" title={m('regions')}>
            <table className="stats-table">
              <tbody>
                {children.map((r) => (
                  <tr key={r.code}>
                    <td>
                      <button type="button" className="link" onClick={() => setRegionCode(r.code)}>
                        {r.name}
                      </button>
                    </td>
                    <td className="num">{r.count}</td>
                    <td className="bar-cell">
                      <span
                        className="bar"
                        style={{
                          width: `${data.summary.contacts.total ? (r.count / data.summary.contacts.total) * 100 : 0}%`,
                        }}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="stats-definition">
              {STAT_DEFINITIONS['contacts.byRegion'].definition[language]}
            </p>
          </Card>
          <Card size="small" title={m('categories')}>
            {categories.length === 0 ? (
              <p className="muted">{m('empty')}</p>
            ) : StatsChart ? (
              <StatsChart
                kind="bar"
                label={m('categories')}
                labels={categoryChart.labels}
                series={categoryChart.series}
                testId="stats-category-chart"
              />
            ) : (
              <Loading label={m('loading')} />
            )}
            <table className="stats-table">
              <caption className="visually-hidden">{m('categories')}</caption>
              <tbody>
                {categories.map(({ label, n }) => (
                  <tr key={label}>
                    <td>{label}</td>
                    <td className="num">{n}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="stats-definition">
              {STAT_DEFINITIONS['contacts.byCategory'].definition[language]}
            </p>
          </Card>
          <Hotline12345Panel ratings={data.summary.hotline12345} language={language} />
          <RegisterPanel register={data.summary.register} language={language} />
        </>
      )}
      {role && can(role, 'stats.unanswered') && (
        <UnansweredDrawer
          open={unansweredOpen}
          onClose={() => setUnansweredOpen(false)}
          query={{ ...period, ...(regionCode ? { regionCode } : {}) }}
          language={language}
          linkCases={can(role, 'cases.read')}
        />
      )}
    </div>
  );
}
