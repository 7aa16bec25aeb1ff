/* eslint-disable */
// Ends the run with the plain closing line CI looks for: "N passed, N failed[, N skipped]".
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const line = `${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`;
    // scripts/test.sh runs the unit and system projects one after the other and prints the
    // closing line for both; each run then leaves its counts in that file.
    const file = process.env.CMC_TEST_SUMMARY;
    if (file) {
      const counts = [results.numPassedTests, results.numFailedTests, skipped].join(' ');
      require('node:fs').appendFileSync(file, `${counts}\n`);
      process.stdout.write(`\n(${process.env.CMC_TEST_PROJECT ?? 'this project'}: ${line})\n`);
    } else process.stdout.write(`\n${line}\n`);
  }
}
module.exports = SummaryReporter;
