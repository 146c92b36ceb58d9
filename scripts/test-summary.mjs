// Counts a vitest pass for the closing line of `npm test`. Plain Node, no dependencies.

/**
 * Passed and failed counts of one vitest run from its JSON report and exit status. A file that
 * failed without a failing test (an error in its setup or at import) counts as one failure, and so
 * does a run that exited non-zero with nothing else failed (an unhandled error, a crash, no report),
 * so the closing line never says "0 failed" when something did.
 */
export function summarise(report, exitStatus) {
  if (!report) return { passed: 0, failed: 1, failedFiles: [], outside: 1 };
  const failedFiles = [];
  let failedTestsInFiles = 0;
  for (const file of report.testResults ?? []) {
    const failedTests = (file.assertionResults ?? []).filter((t) => t.status === 'failed').length;
    failedTestsInFiles += failedTests;
    if (file.status === 'failed' && failedTests === 0) failedFiles.push(file.name);
  }
  const failedTests = Math.max(report.numFailedTests ?? 0, failedTestsInFiles);
  let failed = failedTests + failedFiles.length;
  const outside = exitStatus !== 0 && failed === 0 ? 1 : 0;
  failed += outside;
  return { passed: report.numPassedTests ?? 0, failed, failedFiles, outside };
}
