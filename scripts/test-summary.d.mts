/** Types for test-summary.mjs. */
export interface VitestJsonReport {
  numPassedTests?: number;
  numFailedTests?: number;
  testResults?: {
    name: string;
    status: string;
    assertionResults?: {
      status: string;
      title?: string;
      fullName?: string;
      failureMessages?: string[];
    }[];
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
  /** Beside each failing test, the first lines of its failure message ('' when it has none). */
  reasons: string[];
  outside: number;
};
