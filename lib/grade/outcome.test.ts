import { describe, expect, it } from 'vitest';
import { scoreTable, summarise, toCsv, toJson, toJunit } from './formats';
import { classifyTest, firstLine, kataPoints, kataStatus, testGrades, type KataGrade } from './outcome';
import { parseJsonReport } from '../verify/vitest-run';
import type { IsolatedRun } from './isolated-run';

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
  it('should give points in proportion to the tests passed, and the worst status', () => {
    const tests = [
      { name: 'a', status: 'pass' as const, message: '' },
      { name: 'b', status: 'fail' as const, message: 'x' },
      { name: 'c', status: 'pass' as const, message: '' },
    ];
    expect(kataPoints(tests, 3)).toBe(2);
    expect(kataStatus(tests)).toBe('fail');
    expect(kataStatus([...tests, { name: 'd', status: 'error', message: 'y' }])).toBe('error');
    expect(kataStatus([])).toBe('error');
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

describe('the grader’s outputs', () => {
  const grade = (kata: string, status: KataGrade['status'], points: number, tests: KataGrade['tests']): KataGrade => ({
    chapter: 'ch1',
    kata,
    status,
    points,
    maxPoints: 2,
    tests,
    feedback: `feedback, "${kata}"`,
    guard: [],
    seconds: 1,
  });
  const grades = [
    grade('data', 'pass', 2, [{ name: 'a <b>', status: 'pass', message: '' }]),
    grade('loss', 'error', 0, [{ name: 'x', status: 'error', message: 'TypeError & co' }]),
    grade('train', 'not started', 0, []),
  ];
  it('should total the points', () => {
    expect(summarise(grades)).toEqual({ points: 2, maxPoints: 6, passed: 1, katas: 3 });
    expect(scoreTable(grades).split('\n').at(-1)).toBe('total: 2/6 points, 1 of 3 katas pass');
  });
  it('should write JUnit XML with failures as errors and escaped text', () => {
    const xml = toJunit(grades);
    expect(xml).toContain('<testsuites name="katas" tests="2" failures="0" errors="1" skipped="0">');
    expect(xml).toContain('name="a &lt;b&gt;"/>');
    expect(xml).toContain('<error message="TypeError &amp; co"/>');
  });
  it('should write one CSV row per kata and valid JSON', () => {
    expect(toCsv(grades).split('\n')[1]).toBe('ch1,data,pass,2,2,1,1,"feedback, ""data""",');
    expect(JSON.parse(toJson(grades)).summary.points).toBe(2);
  });
});
