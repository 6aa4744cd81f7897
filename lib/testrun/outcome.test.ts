import { describe, expect, it } from 'vitest';
import { parseJsonReport } from '../verify/vitest-run';
import type { IsolatedRun } from './isolated-run';
import { classifyTest, firstLine, loadGrade, testGrades } from './outcome';

const run = (over: Partial<IsolatedRun>): IsolatedRun => ({
  tests: [],
  brokenFiles: [],
  timedOut: false,
  outOfMemory: false,
  exitCode: 1,
  outputTail: '',
  seconds: 1,
  ...over,
});

describe('classifying tests', () => {
  it('should tell pass, fail, error and not started apart', () => {
    expect(classifyTest('passed', [])).toBe('pass');
    expect(classifyTest('failed', ['AssertionError: expected 1 to be 2'])).toBe('fail');
    expect(
      classifyTest('failed', ['Error: Property failed after 1 tests\nGot error: AssertionError: expected 1 to be 2']),
    ).toBe('fail');
    expect(classifyTest('failed', ["TypeError: Cannot read properties of undefined (reading 'shape')"])).toBe('error');
    expect(classifyTest('failed', ['KataNotImplementedError: [kata:not-implemented] ch1/data'])).toBe('not started');
  });
  it('should quote the counterexample’s own error from fast-check', () => {
    expect(firstLine('Error: Property failed\n{ seed: 1 }\nGot error: AssertionError: expected 1 to be 2')).toBe(
      'AssertionError: expected 1 to be 2',
    );
  });
  it('should explain a run that gave no test result', () => {
    expect(testGrades(run({ timedOut: true }), 5, 100)[0]!.message).toMatch(/timed out after 5 s/);
    expect(testGrades(run({ outOfMemory: true }), 5, 100)[0]!.message).toMatch(/out of memory \(heap limit 100 MB\)/);
    expect(testGrades(run({ brokenFiles: [{ file: 'f', message: 'SyntaxError: x' }] }), 5, 100)[0]!.message).toBe(
      'does not load: SyntaxError: x',
    );
    expect(testGrades(run({ outputTail: 'boom' }), 5, 100)[0]!.message).toMatch(
      /stopped without a result \(exit code 1\): boom/,
    );
  });
  it('should grade a test file that does not load as one error, as the runner and the reporter both show it', () => {
    expect(loadGrade('SyntaxError: x')).toMatchObject({
      name: '(loading the test file)',
      status: 'error',
      message: 'does not load: SyntaxError: x',
    });
  });
  it('should read vitest’s JSON report and survive a broken one', () => {
    expect(parseJsonReport('{').tests).toEqual([]);
    const report = {
      testResults: [
        {
          name: 'f',
          status: 'failed',
          assertionResults: [{ fullName: 't', status: 'failed', failureMessages: ['m'] }],
        },
        { name: 'g', status: 'failed', message: 'SyntaxError', assertionResults: [] },
      ],
    };
    expect(parseJsonReport(JSON.stringify(report))).toEqual({
      tests: [{ file: 'f', name: 't', status: 'failed', failureMessages: ['m'] }],
      brokenFiles: [{ file: 'g', message: 'SyntaxError' }],
    });
  });
});
