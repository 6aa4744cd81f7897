/**
 * The reporter of a graded run. It lives in vitest's main process, outside the sandbox, and appends
 * one JSON line per event to a report file in a folder the sandbox cannot see: what was collected,
 * which test started, each result, each file's errors and meta, the end of the run. A line is written
 * as soon as it is known, so a run the grader has to kill still leaves the results it got.
 */
import { appendFileSync } from 'node:fs';
import type { SerializedError } from '@vitest/utils';
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import { assertionOf } from '../../feedback/evidence';
import { type ModuleMeta, type ReportedError, type ReportLine, START_ARTIFACT, type TitlePath } from './run-config';

const MAX_TEXT = 4000;
const clip = (value: unknown) => (typeof value === 'string' ? value.slice(0, MAX_TEXT) : undefined);

export function reportedError(error: SerializedError): ReportedError {
  // A failed property's assertion is the cause of fast-check's error (lib/feedback/fast-check-cause.ts).
  const values = assertionOf(error);
  return {
    message: clip(error.message) ?? String(error.message),
    name: clip(error.name),
    stack: clip(error.stack),
    expected: clip(values?.expected),
    actual: clip(values?.actual),
    diff: clip(values?.diff),
  };
}

function titlesOf(test: TestCase): TitlePath {
  const titles = [test.name];
  for (let parent = test.parent; parent.type === 'suite'; parent = parent.parent) titles.unshift(parent.name);
  return titles;
}

export function appendReport(file: string, line: ReportLine): void {
  appendFileSync(file, `${JSON.stringify(line)}\n`);
}

export class RecordReporter implements Reporter {
  constructor(private readonly reportFile: string) {}

  private write(line: ReportLine) {
    appendReport(this.reportFile, line);
  }

  onTestModuleCollected(module: TestModule) {
    this.write({
      type: 'collected',
      file: module.moduleId,
      tests: [...module.children.allTests()].map(titlesOf),
    });
  }

  onTestCaseArtifactRecord(test: TestCase, artifact: { type: string }) {
    if (artifact.type === START_ARTIFACT)
      this.write({ type: 'start', file: test.module.moduleId, titles: titlesOf(test) });
  }

  onTestCaseResult(test: TestCase) {
    const result = test.result();
    this.write({
      type: 'result',
      file: test.module.moduleId,
      titles: titlesOf(test),
      state: result.state,
      errors: (result.errors ?? []).map(reportedError),
      durationMs: test.diagnostic()?.duration ?? 0,
    });
  }

  onTestModuleEnd(module: TestModule) {
    this.write({
      type: 'module',
      file: module.moduleId,
      state: module.state(),
      errors: module.errors().map(reportedError),
      meta: module.meta() as ModuleMeta,
    });
  }

  onTestRunEnd(_modules: ReadonlyArray<TestModule>, unhandled: ReadonlyArray<SerializedError>, reason: string) {
    this.write({ type: 'end', reason, unhandled: unhandled.map(reportedError) });
  }
}
