/** Types for the parts of cluster.mjs its tests use. */
export interface LoggedProcess {
  readonly name: string;
  readonly pid: number | undefined;
  stop(): Promise<unknown>;
  kill(): Promise<unknown>;
}
export const PROXY_RETRY_AFTER_S: number;
export function proxy503(): string;
export function haproxyConfig(opts: {
  port: number;
  apiPorts: number[];
  errorsDir: string;
}): string;
export function startHaproxy(opts: {
  dir: string;
  logsDir: string;
  apiPorts: number[];
}): Promise<{ port: number; url: string; proc: LoggedProcess }>;
