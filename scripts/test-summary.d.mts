/** Types for test-summary.mjs. */
export interface VitestJsonReport {
  numPassedTests?: number;
  numFailedTests?: number;
  testResults?: {
    name: string;
    status: string;
    assertionResults?: { status: string; title?: string; fullName?: string }[];
  }[];
}
export declare function summarise(
  report: VitestJsonReport | null,
  exitStatus: number,
): {
  passed: number;
  failed: number;
  failedFiles: string[];
  /** Each failing test as "file > full name". */
  failedTests: string[];
  outside: number;
};
