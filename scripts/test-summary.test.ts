import { describe, expect, it } from 'vitest';
import { summarise, type VitestJsonReport } from './test-summary.mjs';

const file = (name: string, status: string, tests: string[]) => ({
  name,
  status,
  assertionResults: tests.map((s, i) => ({ status: s, fullName: `suite test ${i + 1}` })),
});

describe('the closing line of npm test', () => {
  it('counts passed and failed tests of a clean report', () => {
    const report: VitestJsonReport = {
      numPassedTests: 3,
      numFailedTests: 1,
      testResults: [
        file('a.test.ts', 'passed', ['passed', 'passed']),
        file('b.test.ts', 'failed', ['passed', 'failed']),
      ],
    };
    expect(summarise(report, 1)).toEqual({
      passed: 3,
      failed: 1,
      failedFiles: [],
      failedTests: ['b.test.ts > suite test 2'],
      outside: 0,
    });
  });

  it('counts a file that failed before any test ran (no browser, an import error)', () => {
    const report: VitestJsonReport = {
      numPassedTests: 495,
      numFailedTests: 0,
      testResults: [
        file('report-to-queue.e2e.test.ts', 'failed', []),
        file('admin.e2e.test.ts', 'failed', []),
        file('ok.test.ts', 'passed', ['passed']),
      ],
    };
    const counted = summarise(report, 1);
    expect(counted.failed).toBe(2);
    expect(counted.failedFiles).toEqual(['report-to-queue.e2e.test.ts', 'admin.e2e.test.ts']);
  });

  it('counts an error outside any test when the run failed with nothing else failing', () => {
    const report: VitestJsonReport = {
      numPassedTests: 10,
      numFailedTests: 0,
      testResults: [file('ok.test.ts', 'passed', ['passed'])],
    };
    expect(summarise(report, 1)).toMatchObject({ passed: 10, failed: 1, outside: 1 });
    expect(summarise(report, 0)).toMatchObject({ passed: 10, failed: 0, outside: 0 });
  });

  it('counts a run that left no report as failed', () => {
    expect(summarise(null, 1)).toMatchObject({ passed: 0, failed: 1 });
  });
});
