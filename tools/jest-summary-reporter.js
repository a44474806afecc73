// Prints the plain closing line 'N passed, N failed[, N skipped]' that CI reads as the test count.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    setImmediate(() =>
      process.stderr.write(
        `${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`,
      ),
    );
  }
}
module.exports = SummaryReporter;
