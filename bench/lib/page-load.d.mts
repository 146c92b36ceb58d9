/** Types for page-load.mjs (plain Node, as the rest of the benchmark). */
export interface Percentiles {
  n: number;
  p50: number | null;
  p95: number | null;
  max: number | null;
}
export interface ResourceTiming {
  path: string;
  initiatorType?: string;
  startTime: number;
  requestStart: number;
  responseStart: number;
  responseEnd: number;
  transferSize: number;
}
export interface PageSample {
  usableMs: number;
  nav?: { responseEnd: number } | null;
  resources?: ResourceTiming[];
}
export interface Breakdown {
  usableMs: number | null;
  documentMs: number | null;
  dataRequestedMs: number | null;
  dataReceivedMs: number | null;
  serverMs: Record<string, (number | null)[]>;
  chartCodeMs: number | null;
  renderMs: number | null;
  assets: { files: number; overNetwork: number; bytesOverNetwork: number };
}
export declare function parseLoadavg(text: string): number[];
export declare function percentiles(values: readonly (number | null | undefined)[]): Percentiles;
export declare function ratio(
  a: number | null | undefined,
  b: number | null | undefined,
): number | null;
export declare function breakdown(sample: PageSample): Breakdown;
export declare function summarise(samples: readonly PageSample[]): {
  usableMs: Percentiles;
  documentMs: Percentiles;
  dataRequestedMs: Percentiles;
  dataReceivedMs: Percentiles;
  chartCodeMs: Percentiles;
  renderMs: Percentiles;
  serverMs: Record<string, Percentiles>;
  assetsOverNetwork: Percentiles;
};
export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  id?: string;
  dur?: number;
  args?: Record<string, unknown>;
}
export interface Ranked {
  name: string;
  ms: number | null;
}
export declare function activityKind(name: string): string;
export declare function traceActivity(
  events: readonly TraceEvent[],
  options?: { mark?: string; top?: number },
): { busyMs: number | null; byKind: Ranked[]; byActivity: Ranked[] };
export declare function profileSamples(
  events: readonly TraceEvent[],
  options?: {
    mark?: string;
    top?: number;
    locate?: (url: string, line: number, column: number) => string;
    where?: (url: string, line: number, column: number) => string;
  },
): { sampledMs: number | null; byOwner: Ranked[]; byFunction: Ranked[] };
