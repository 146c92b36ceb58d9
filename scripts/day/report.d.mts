/** Types for report.mjs. */
export function simulatedWait(realMs: number, systemMs: number, speed: number): number;
