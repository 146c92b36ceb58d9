import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  LineChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  CanvasRenderer,
]);

/**
 * A chart of the statistics page, drawn by ECharts on a canvas (loaded with this page only):
 * `line`, a line per series over the labels (days, weeks, months); `bar`, one horizontal bar per
 * label (the situations), the longest at the top. The canvas is an image named by `label`; the
 * page shows the same figures as a table beside it, which is what a screen reader reads.
 */
export default function StatsChart({
  kind,
  label,
  labels,
  series,
  testId,
}: {
  kind: 'line' | 'bar';
  label: string;
  labels: string[];
  series: { name: string; values: number[] }[];
  testId: string;
}) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return;
    // The console's own font for the chart's text rather than ECharts' `sans-serif`: the page has
    // already found its glyphs (Chinese ones included), while a family of its own sends the
    // canvas to look up a fallback font for each new character as it measures the labels (the
    // largest single cost of drawing the charts in a profile of a first load). ECharts asks for the
    // element's computed style when it starts anyway, so reading it here costs nothing more.
    const fontFamily = window.getComputedStyle(element.current).fontFamily || undefined;
    const chart = echarts.init(element.current, undefined, { renderer: 'canvas' });
    const textStyle = { fontFamily };
    chart.setOption(
      kind === 'line'
        ? {
            animation: false,
            textStyle,
            tooltip: { trigger: 'axis' },
            legend: { top: 0 },
            grid: { left: 40, right: 16, top: 32, bottom: 24 },
            xAxis: { type: 'category', data: labels },
            yAxis: { type: 'value', minInterval: 1 },
            series: series.map((s) => ({ type: 'line', name: s.name, data: s.values })),
          }
        : {
            animation: false,
            textStyle,
            tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
            grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
            xAxis: { type: 'value', minInterval: 1 },
            // ECharts draws a category axis from the bottom up: reversed, the first is on top.
            yAxis: { type: 'category', data: labels, inverse: true },
            series: series.map((s) => ({
              type: 'bar',
              name: s.name,
              data: s.values,
              label: { show: true, position: 'right' },
            })),
          },
    );
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [kind, labels, series]);
  const height = kind === 'bar' ? Math.max(120, labels.length * 28 + 16) : undefined;
  return (
    <div
      ref={element}
      role="img"
      aria-label={label}
      className="stats-chart"
      style={height ? { height } : undefined}
      data-testid={testId}
    />
  );
}
