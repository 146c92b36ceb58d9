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
      reasons: [''],
      outside: 0,
    });
  });

  it('gives the first lines of each failing test’s message, without colour codes', () => {
    const long = Array.from({ length: 40 }, (_, i) => `line ${i + 1}`).join('\n');
    const report: VitestJsonReport = {
      numPassedTests: 0,
      numFailedTests: 2,
      testResults: [
        {
          name: 'c.test.ts',
          status: 'failed',
          assertionResults: [
            {
              status: 'failed',
              fullName: 'held',
              failureMessages: ['\u001b[31mAssertionError\u001b[39m: still held, by\nMetrics'],
            },
            { status: 'failed', fullName: 'long', failureMessages: [long] },
          ],
        },
      ],
    };
    const { reasons } = summarise(report, 1);
    expect(reasons[0]).toBe('AssertionError: still held, by\nMetrics');
    expect(reasons[1]!.split('\n')).toHaveLength(30);
    expect(reasons[1]!.split('\n').at(-1)).toBe('line 30');
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
