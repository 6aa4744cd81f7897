/**
 * What one run of a kata's tests says about each test: pass, fail (an expectation was not met),
 * error (the learner's code threw, would not load, looped or ran out of memory) or not started
 * (the stub's not-implemented error). The learner's `kata` command and the grader both read runs so.
 */
import {
  evidenceOf,
  headline,
  loadEvidenceOf,
  type Evidence,
  type ReportedFailure,
  type SourceReader,
} from '../feedback/evidence';
import { isNotImplementedMessage } from '../kata';
import type { IsolatedRun } from './isolated-run';

export type GradeStatus = 'pass' | 'fail' | 'error' | 'not started';

export interface TestGrade {
  name: string;
  status: GradeStatus;
  /** First line of the failure, empty when it passed. */
  message: string;
  /** What the failure showed: the assertion's message, counterexample, values, the learner's line. */
  evidence?: Evidence;
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

export function classifyTest(status: 'passed' | 'failed' | 'skipped', failureMessages: readonly string[]): GradeStatus {
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

const lastWords = (output: string) => firstLine(output.split('\n').slice(-5).join('\n'));

/**
 * Per-test grades from an isolated run, or one synthetic error entry saying why no test ran.
 * `read` reads the learner's files (relative to the run's root) for the evidence's line of code.
 */
export function testGrades(
  run: IsolatedRun,
  timeoutSeconds: number,
  maxMemoryMb: number,
  read?: SourceReader,
): TestGrade[] {
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
  if (run.brokenFiles.length) return run.brokenFiles.map((f) => loadGrade(f.message, read));
  if (run.tests.length === 0)
    return [
      {
        name: '(whole kata)',
        status: 'error',
        message: `the test runner stopped without a result (exit code ${run.exitCode}): ${lastWords(run.outputTail)}`,
      },
    ];
  return run.tests.map((t) => testGrade(t.name, t.status, t as ReportedFailure, read));
}

/**
 * The grade of a test file that failed before any test ran, from the loader's message: a syntax
 * error, a missing export or module. `read` reads the learner's files for the line of code.
 */
export function loadGrade(message: string, read?: SourceReader): TestGrade {
  const evidence = loadEvidenceOf(message, read);
  return {
    name: '(loading the test file)',
    status: 'error',
    message: `does not load: ${headline(evidence)}`,
    evidence,
  };
}

/**
 * One test's grade from what the runner recorded: its status, and for a failure the evidence it
 * showed, headed by the line that says most. `read` reads the learner's files for the line of code.
 */
export function testGrade(
  name: string,
  state: 'passed' | 'failed' | 'skipped',
  failure: ReportedFailure,
  read?: SourceReader,
): TestGrade {
  const status = classifyTest(state, failure.failureMessages);
  if (status === 'pass') return { name, status, message: '' };
  if (status === 'not started') {
    const text = failure.failureMessages.join('\n');
    const line = text.split('\n').find(isNotImplementedMessage) ?? '';
    return { name, status, message: line.replace(/^.*?\[kata:not-implemented\]\s*/, '').trim() };
  }
  const evidence = evidenceOf(failure, read);
  return { name, status, message: headline(evidence), evidence };
}
