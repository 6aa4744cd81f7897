import { describe, expect, it } from 'vitest';
import { kataStatus } from '../testrun/outcome';
import { scoreTable, summarise, toCsv, toJson, toJunit } from './formats';
import { kataPoints, type KataGrade } from './outcome';

describe('points', () => {
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
    problems: [],
    notes: [],
    sandboxed: true,
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
