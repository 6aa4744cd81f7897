/**
 * What a grader says about one kata and each of its tests: pass, fail (an expectation was not
 * met), error (the learner's code threw, would not load, looped or ran out of memory) or not
 * started (the stub's not-implemented error). Points follow the tests, as in nbgrader.
 */
import { isNotImplementedMessage } from '../kata';
import type { IsolatedRun } from './isolated-run';

export type GradeStatus = 'pass' | 'fail' | 'error' | 'not started';

export interface TestGrade {
  name: string;
  status: GradeStatus;
  /** First line of the failure, empty when it passed. */
  message: string;
}

export interface KataGrade {
  chapter: string;
  kata: string;
  status: GradeStatus;
  points: number;
  maxPoints: number;
  tests: TestGrade[];
  /** One paragraph for the learner: what failed and what to look at. */
  feedback: string;
  /** Test-file guard notes (edited, restored, not guarded). */
  guard: string[];
  seconds: number;
}

/** An assertion failure, also when fast-check reports it as the counterexample's error. */
const ASSERTION = /^(AssertionError|Error: expected)|Got error: AssertionError|AssertionError:/m;

export function firstLine(message: string): string {
  const lines = message.split('\n').map((l) => l.trim());
  // fast-check puts the counterexample's own error after "Got error:"; that line says the most.
  const got = lines.find((l) => l.includes('Got error:'));
  return (got ? got.slice(got.indexOf('Got error:') + 'Got error:'.length).trim() : (lines.find((l) => l) ?? '')).slice(
    0,
    300,
  );
}

export function classifyTest(status: 'passed' | 'failed' | 'skipped', failureMessages: string[]): GradeStatus {
  if (status === 'passed') return 'pass';
  const text = failureMessages.join('\n');
  if (isNotImplementedMessage(text)) return 'not started';
  if (status === 'skipped') return 'fail';
  return ASSERTION.test(text) ? 'fail' : 'error';
}

/** The kata's status from its tests: every test passes, or the worst thing that happened. */
export function kataStatus(tests: TestGrade[]): GradeStatus {
  if (tests.length === 0) return 'error';
  if (tests.every((t) => t.status === 'pass')) return 'pass';
  if (tests.every((t) => t.status === 'not started')) return 'not started';
  return tests.some((t) => t.status === 'error') ? 'error' : 'fail';
}

/** Points in proportion to the tests passed, to two decimals. */
export function kataPoints(tests: TestGrade[], maxPoints: number): number {
  if (tests.length === 0) return 0;
  const passed = tests.filter((t) => t.status === 'pass').length;
  return Math.round((maxPoints * passed * 100) / tests.length) / 100;
}

/** Per-test grades from an isolated run, or one synthetic error entry saying why no test ran. */
export function testGrades(run: IsolatedRun, timeoutSeconds: number, maxMemoryMb: number): TestGrade[] {
  if (run.timedOut)
    return [
      {
        name: '(whole kata)',
        status: 'error',
        message: `timed out after ${timeoutSeconds} s: a loop that never ends, or training far too long`,
      },
    ];
  if (run.outOfMemory)
    return [
      {
        name: '(whole kata)',
        status: 'error',
        message: `ran out of memory (heap limit ${maxMemoryMb} MB): tensors or arrays that grow without end`,
      },
    ];
  if (run.brokenFiles.length)
    return run.brokenFiles.map((f) => ({
      name: '(loading the test file)',
      status: 'error',
      message: `does not load: ${firstLine(f.message)}`,
    }));
  if (run.tests.length === 0)
    return [
      {
        name: '(whole kata)',
        status: 'error',
        message: `the test runner stopped without a result (exit code ${run.exitCode}): ${firstLine(run.outputTail.split('\n').slice(-5).join('\n'))}`,
      },
    ];
  return run.tests.map((t) => {
    const status = classifyTest(t.status, t.failureMessages);
    const text = t.failureMessages.join('\n');
    const message =
      status === 'pass'
        ? ''
        : status === 'not started'
          ? (text.split('\n').find(isNotImplementedMessage) ?? '').replace(/^.*?\[kata:not-implemented\]\s*/, '').trim()
          : firstLine(text);
    return { name: t.name, status, message };
  });
}
