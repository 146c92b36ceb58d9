/** Types for run.mjs: `npm run day`. */
import type { Scenario } from './scenario.mjs';
import type { RegisterFigures } from './report.mjs';

export interface DayResult {
  ok: boolean;
  accounting: {
    received: number;
    triaged: number;
    onConsole: number;
    lost: number;
    duplicated: number;
  };
  calls: {
    placed: number;
    offered: number;
    answered: number;
    answeredWithin15s: number;
    answeredWithin20s: number;
    abandoned: number;
  };
  referrals: {
    created: number;
    acknowledged: number;
    acknowledgedByPhone: number;
    acknowledgedInConsole: number;
    rerouted: number;
    alertCalls: { alertCalls: number; pressed: number; hungUp: number; unheard: number } | null;
    [key: string]: unknown;
  };
  supervision: {
    alerts: Record<string, number>;
    lateClaims: number;
    lateClaimsReassigned: number;
    reassignedCasesWorked: number;
    claimedBeforeSupervisorActed: number;
    referralsRerouted: number;
    errors: string[];
  } | null;
  register: RegisterFigures | null;
  fault: { dropOne: string } | null;
  /** The server's whole output during the run. */
  serverLog: string;
  durationS: number;
  [key: string]: unknown;
}
export function runDay(input: {
  scenario: Scenario;
  speed: number;
  hours: number;
  startHour: number;
  seed: number;
  db: 'pglite' | 'server';
  databaseUrl: string;
  dropOne: boolean;
  /** Where the server's log goes (under `logs/`); default `day-results/`. */
  out?: string;
}): Promise<DayResult>;
export function main(argv: string[]): Promise<boolean>;
export function parseArgs(argv: string[]): Record<string, unknown>;
export function erlangStaffing(scenario: Scenario): { handleSeconds: number; perShift: number[] };
export function nextStaffing(
  staffing: number[],
  within15PerShift: (number | null)[],
  target?: number,
): number[];
