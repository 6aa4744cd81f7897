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

/** A dozen-row diff fits; the feedback trims further for the screen. */
const MAX_CHARS = 4000;

interface ProcessedError {
  expected?: unknown;
  actual?: unknown;
  diff?: unknown;
  cause?: unknown;
}

export interface RecordedEvidence {
  expected?: string;
  actual?: string;
  diff?: string;
}

const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, MAX_CHARS) : undefined);

/** The innermost error (through `cause`) that carries expected and received values: the assertion. */
export function assertionOf(error: unknown, depth = 0): ProcessedError | undefined {
  if (!error || typeof error !== 'object' || depth > 5) return undefined;
  const e = error as ProcessedError;
  return (
    assertionOf(e.cause, depth + 1) ?? (typeof e.diff === 'string' || typeof e.expected === 'string' ? e : undefined)
  );
}

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
    const evidence: RecordedEvidence = {
      expected: text(assertion.expected),
      actual: text(assertion.actual),
      diff: text(assertion.diff),
    };
    (task.meta as { evidence?: RecordedEvidence }).evidence = evidence;
  });
});
