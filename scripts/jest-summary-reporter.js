// Prints one plain closing line ("N passed, N failed, N skipped") that any CI log reader understands,
// and, when tests failed for want of a system tool, one line naming the Debian packages to install.
const marker = 'missing system tool:';

export default class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = results;
    const packages = new Set();
    for (const suite of results.testResults) {
      const messages = [suite.failureMessage ?? '', ...suite.testResults.flatMap((t) => t.failureMessages)];
      for (const message of messages) {
        for (const match of message.matchAll(/missing system tool: .*?apt-get install ([a-z0-9 .+-]+)/g)) {
          for (const name of match[1].trim().split(/\s+/)) packages.add(name);
        }
      }
    }
    if (packages.size > 0) {
      process.stdout.write(
        `\n${marker} some tests need: apt-get update && apt-get install -y ${[...packages].sort().join(' ')}\n`,
      );
    }
    process.stdout.write(
      `\nTests: ${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests + numTodoTests} skipped\n`,
    );
  }
}
