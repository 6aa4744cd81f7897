/**
 * A vitest setup file that keeps the evidence of a failed assertion which vitest's JSON report would
 * drop: the expected and received values and their diff. They travel in the test's
 * `meta.evidence`, which the JSON reporter writes out, and `lib/feedback/evidence.ts` reads them.
 *
 * fast-check normally throws its own error with the assertion's message pasted in and the
 * assertion itself dropped; the reporter below keeps that message and attaches the assertion as
 * the `cause`, so vitest computes its diff too (and prints it under "Caused by").
 */
import fc from 'fast-check';
import { beforeEach, onTestFailed } from 'vitest';
import { assertionOf, type RecordedEvidence } from './evidence';

fc.configureGlobal({
  ...fc.readConfigureGlobal(),
  reporter: (details) => {
    if (!details.failed) return;
    throw new Error(fc.defaultReportMessage(details), { cause: details.errorInstance });
  },
});

beforeEach(({ task }) => {
  onTestFailed(({ task: failed }) => {
    const assertion = assertionOf(failed.result?.errors?.[0]);
    if (!assertion) return;
    (task.meta as { evidence?: RecordedEvidence }).evidence = assertion;
  });
});
