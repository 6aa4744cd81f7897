import { describe, expect, it } from 'vitest';
import { NOT_IMPLEMENTED_TAG } from '../kata';
import { loadManifest, testPath, type Manifest } from '../manifest';
import { checkStubs } from './stub-check';
import type { TestResult } from './vitest-run';

const real = loadManifest();
const chapter = real.chapters[0]!;
const kata = chapter.katas[0]!;
const manifest: Manifest = { chapters: [{ ...chapter, katas: [kata] }] };
const file = testPath(chapter, kata);
const result = (status: TestResult['status'], message?: string): TestResult => ({
  file,
  name: 'a test',
  status,
  failureMessages: message ? [message] : [],
});

describe('checkStubs', () => {
  it('should accept a pristine kata whose tests all fail with the not-implemented error', () => {
    expect(checkStubs(manifest, [result('failed', `Error: ${NOT_IMPLEMENTED_TAG} ch1/data`)])[0]).toMatchObject({
      state: 'checked',
      tests: 1,
      problems: [],
    });
  });

  it('should flag a test that passes on the stub: it cannot tell right from wrong', () => {
    expect(checkStubs(manifest, [result('passed')])[0]!.problems).toEqual(["'a test' passes on the untouched stub"]);
  });

  it('should flag a test that fails on the stub for another reason', () => {
    expect(checkStubs(manifest, [result('failed', 'TypeError: x is undefined')])[0]!.problems[0]).toMatch(
      /without the not-implemented error: TypeError/,
    );
  });

  it('should flag a kata with no test at all', () => {
    expect(checkStubs(manifest, [])[0]!.problems).toEqual(['no test ran for this kata']);
  });

  it('should leave out a kata the learner changed, whatever its tests did', () => {
    const changed: Manifest = { chapters: [{ ...chapter, katas: [{ ...kata, pristine: 'f'.repeat(40) }] }] };
    expect(checkStubs(changed, [result('passed')])[0]).toMatchObject({ state: 'changed', problems: [] });
  });
});
