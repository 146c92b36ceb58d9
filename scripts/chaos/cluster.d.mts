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
export interface FakeTwilioSend {
  kind: 'sms' | 'call';
  sid: string;
  to: string | null;
  from: string | null;
  body: string | null;
  url: string | null;
  statusCallback: string | null;
  at: number;
}
export function fakeTwilioRest(opts: {
  sign: (url: string, params: Record<string, string>) => string;
  accountSid: string;
}): Promise<{ url: string; sent: FakeTwilioSend[]; callbacks: Record<string, number> }>;
