/** Types for scenario.mjs: the day's scenario file, validated. */
export interface Delay {
  mean: number;
  min?: number;
  max?: number;
  shape: 'exponential' | 'fixed' | 'uniform';
}
export interface Shift {
  name: string;
  from: number;
  to: number;
  operators: number;
}
export interface Scenario {
  name: string;
  description: string;
  seed: number;
  calls: {
    perHour: number[];
    menu: Partial<Record<'immediate_danger' | 'professional_report' | 'talk' | 'silent', number>>;
    language: Partial<Record<'zh-CN' | 'en', number>>;
    patience: Delay;
    talk: Delay;
    voicemailShare: number;
    callbackShare: number;
  };
  sms: { perHour: number[]; language: Partial<Record<'zh-CN' | 'en', number>> };
  web: { perHour: number[] };
  partner: { perHour: number[] };
  situations: { immediateDangerShare: number; seriousShare: number };
  operators: {
    shifts: Shift[];
    supervisors: number;
    answer: Delay;
    wrapUp: Delay;
    claim: Delay;
    assess: Delay;
    refer: Delay;
    callback: Delay;
    referShare: number;
  };
  centres: { acknowledge: Delay; neverShare: number; phoneShare: number };
  supervision?: { react: Delay; reassignShare: number; rerouteShare: number };
  register?: {
    children: number;
    duePerDay: number;
    phoneShare: number;
    guardianAnswers: number;
    lateShare: number;
    late: Delay;
    early: Delay;
    dangerShare: number;
    warnings: { react: Delay; escalateShare: number };
  };
}
export interface ScenarioProblem {
  file: string;
  line: number;
  path: string;
  message: string;
}
export class ScenarioError extends Error {
  problems: ScenarioProblem[];
}
export function parseScenario(text: string, file?: string): Scenario;
export function loadScenario(path: string): Scenario;
export function operatorsAt(scenario: Scenario, hour: number): number;
export function maxOperators(scenario: Scenario): number;
export function withStaffing(scenario: Scenario, perShift: number[]): Scenario;
