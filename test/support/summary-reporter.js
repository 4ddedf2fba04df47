/**
 * Ends a Jest run with one plain line, `jest: N passed, N failed, N skipped`, that tools reading
 * the log can count without knowing Jest's own summary format.
 */
export default class SummaryReporter {
  onRunComplete(_contexts, results) {
    process.stdout.write(
      `jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests} skipped\n`,
    );
  }
}
