/** Types for test-summary.mjs. */
export interface VitestJsonReport {
  numPassedTests?: number;
  numFailedTests?: number;
  testResults?: {
    name: string;
    status: string;
    assertionResults?: { status: string }[];
  }[];
}
export declare function summarise(
  report: VitestJsonReport | null,
  exitStatus: number,
): { passed: number; failed: number; failedFiles: string[]; outside: number };
