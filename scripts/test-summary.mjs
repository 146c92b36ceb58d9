// Counts a vitest pass for the closing line of `npm test`. Plain Node, no dependencies.
import { stripVTControlCharacters } from 'node:util';

/**
 * Passed and failed counts of one vitest run from its JSON report and exit status. A file that
 * failed without a failing test (an error in its setup or at import) counts as one failure, and so
 * does a run that exited non-zero with nothing else failed (an unhandled error, a crash, no report),
 * so the closing line never says "0 failed" when something did.
 */
export function summarise(report, exitStatus) {
  if (!report)
    return { passed: 0, failed: 1, failedFiles: [], failedTests: [], reasons: [], outside: 1 };
  const failedFiles = [];
  // Each failing test as "file > title", so the end of a long log names what failed.
  const failedNames = [];
  // And why, beside each: a log cut to its end keeps the reason too.
  const reasons = [];
  let failedTestsInFiles = 0;
  for (const file of report.testResults ?? []) {
    const failing = (file.assertionResults ?? []).filter((t) => t.status === 'failed');
    failedTestsInFiles += failing.length;
    const path = relative(file.name);
    for (const test of failing) {
      failedNames.push(`${path} > ${test.fullName ?? test.title ?? '?'}`);
      reasons.push(reason(test.failureMessages?.[0]));
    }
    if (file.status === 'failed' && failing.length === 0) failedFiles.push(file.name);
  }
  const failedTests = Math.max(report.numFailedTests ?? 0, failedTestsInFiles);
  let failed = failedTests + failedFiles.length;
  const outside = exitStatus !== 0 && failed === 0 ? 1 : 0;
  failed += outside;
  return {
    passed: report.numPassedTests ?? 0,
    failed,
    failedFiles,
    failedTests: failedNames,
    reasons,
    outside,
  };
}

/** A test file's path from the repository's root (vitest reports absolute paths). */
function relative(name) {
  const cwd = `${process.cwd()}/`;
  return name.startsWith(cwd) ? name.slice(cwd.length) : name;
}

/** The first lines of a failure message, without colour codes (up to 30 lines). */
const MAX_REASON_LINES = 30;
function reason(message) {
  if (!message) return '';
  return stripVTControlCharacters(String(message))
    .split('\n')
    .slice(0, MAX_REASON_LINES)
    .join('\n');
}
