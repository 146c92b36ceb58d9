/** Types for arrivals.mjs: the day's seeded arrivals. */
import type { Delay, Scenario } from './scenario.mjs';

export interface CallArrival {
  id: string;
  kind: 'call';
  atS: number;
  language: 'zh-CN' | 'en';
  menu: 'immediate_danger' | 'professional_report' | 'talk' | 'silent';
  patienceS: number;
  leaves: 'never' | 'voicemail' | 'callback';
}
export interface SmsArrival {
  id: string;
  kind: 'sms';
  atS: number;
  language: 'zh-CN' | 'en';
}
export interface WrittenArrival {
  id: string;
  kind: 'web' | 'partner';
  atS: number;
  language: 'zh-CN' | 'en';
  danger: boolean;
  serious: boolean;
  bodySeed: number;
}
export type Arrival = CallArrival | SmsArrival | WrittenArrival;

export function poisson(random: () => number, lambda: number): number;
export function sampleDelay(random: () => number, spec: Delay): number;
export function pickWeighted(
  random: () => number,
  weights: Record<string, number | undefined>,
): string;
export function generateArrivals(
  scenario: Scenario,
  options: { seed: number; startHour?: number; hours?: number; scale?: number },
): Arrival[];
