/** Types for register.mjs: the register's people in the day. */
import type { Scenario } from './scenario.mjs';

export const VILLAGES: Array<{ code: string; visitor: string; staffPhone: string }>;
export const DANGER_ITEMS: string[];
export interface PlannedFile {
  index: number;
  village: number;
  dueS: number | null;
  visit: {
    atS: number;
    late: boolean;
    kind: 'home' | 'phone';
    guardianAnswers: boolean;
    retryAfterS: number;
    danger: string | null;
  } | null;
}
export function planRegister(
  scenario: Scenario,
  window: { seed: number; startHour?: number; hours?: number },
): { files: PlannedFile[]; startS: number };
export function checklistWith(danger: string | null): Record<string, boolean>;
