/**
 * A vitest setup file: a failing fast-check property keeps the failed assertion as its error's
 * `cause`, so vitest computes the expected/received diff for it (and prints it under "Caused by").
 * fast-check's own error pastes the assertion's message in and drops its values. The grader runs
 * this file alone; `npm test` runs it through ./record-evidence.ts.
 */
import fc from 'fast-check';

fc.configureGlobal({
  ...fc.readConfigureGlobal(),
  reporter: (details) => {
    if (!details.failed) return;
    throw new Error(fc.defaultReportMessage(details), { cause: details.errorInstance });
  },
});
