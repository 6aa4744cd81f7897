/**
 * A vitest setup file that keeps the evidence of a failed assertion which vitest's JSON report would
 * drop: the expected and received values and their diff. They travel in the test's
 * `meta.evidence`, which the JSON reporter writes out, and `lib/feedback/evidence.ts` reads them.
 * A failing property's assertion reaches here as its error's `cause` (./fast-check-cause.ts).
 */
import { beforeEach, onTestFailed } from 'vitest';
import { assertionOf, type RecordedEvidence } from './evidence';
import './fast-check-cause';

beforeEach(({ task }) => {
  onTestFailed(({ task: failed }) => {
    const assertion = assertionOf(failed.result?.errors?.[0]);
    if (!assertion) return;
    (task.meta as { evidence?: RecordedEvidence }).evidence = assertion;
  });
});
