/**
 * The check that keeps kata tests honest: on an untouched stub every test must fail, and fail with
 * the not-implemented error. A test that passes on a stub cannot tell right from wrong; one that
 * fails for another reason (a typo in the test, a missing fixture) would mislead the learner.
 * A kata whose stub the learner has changed is reported and left out, never counted as a failure.
 */
import { isNotImplementedMessage } from '../kata';
import { isPristine, kataLabel, testPath, type Manifest } from '../manifest';
import type { TestResult } from './vitest-run';

export interface StubVerdict {
  kata: string;
  /** `checked`: pristine, every test failed as it should; `changed`: left out; `bad`: see problems. */
  state: 'checked' | 'changed' | 'bad';
  tests: number;
  problems: string[];
}

export function checkStubs(manifest: Manifest, results: TestResult[]): StubVerdict[] {
  return manifest.chapters.flatMap((chapter) =>
    chapter.katas.map((kata): StubVerdict => {
      const label = kataLabel(chapter, kata);
      const tests = results.filter((r) => r.file === testPath(chapter, kata));
      if (!isPristine(chapter, kata)) return { kata: label, state: 'changed', tests: tests.length, problems: [] };
      const problems = tests
        .filter((t) => t.status !== 'failed' || !t.failureMessages.some(isNotImplementedMessage))
        .map((t) =>
          t.status === 'passed'
            ? `'${t.name}' passes on the untouched stub`
            : `'${t.name}' fails on the stub without the not-implemented error: ` +
              `${(t.failureMessages[0] ?? t.status).split('\n')[0]}`,
        );
      if (tests.length === 0) problems.push('no test ran for this kata');
      return { kata: label, state: problems.length ? 'bad' : 'checked', tests: tests.length, problems };
    }),
  );
}
