import { describe, expect, it } from 'vitest';
import type { FileCensus } from './census';
import type { RunRecord } from './graded-run';
import type { ReportLine } from './runner/run-config';
import { judge, type Limits } from './verdict';

const ROOT = '/ws';
const FILE = 'katas/c/k.test.ts';
const ABS = `${ROOT}/${FILE}`;
const A = ['k', 'does a'];
const B = ['k', 'does b'];
const HOOKS = { '': { beforeAll: 0, afterAll: 0, beforeEach: 0, afterEach: 0, aroundEach: 0, aroundAll: 0 } };
const census = new Map<string, FileCensus>([
  [FILE, { tests: [A, B], hooks: HOOKS, loadChanges: ['globalThis.AbortController'], mocks: 0 }],
]);
const limits: Limits = { kataTimeoutSeconds: 30, testTimeoutSeconds: 5, memoryMb: 100, maxProcesses: 10 };

const result = (titles: string[], state: 'passed' | 'failed', message = ''): ReportLine => ({
  type: 'result',
  file: ABS,
  titles,
  state,
  errors: message ? [{ message, stack: message }] : [],
  durationMs: 1,
});
const module = (meta: object = {}): ReportLine => ({
  type: 'module',
  file: ABS,
  state: 'passed',
  errors: [],
  meta: { hooks: HOOKS, loadChanges: [], tamper: [], ...meta },
});
const run = (lines: ReportLine[], over: Partial<RunRecord> = {}): RunRecord => ({
  lines,
  stalled: false,
  timedOut: false,
  heapOutOfMemory: false,
  exitCode: 0,
  limits: 'test',
  outputTail: '',
  seconds: 1,
  ...over,
});
const honest = (...extra: ReportLine[]) => [
  { type: 'collected', file: ABS, tests: [A, B] } as ReportLine,
  result(A, 'passed'),
  result(B, 'failed', 'AssertionError: expected 1 to be 2'),
  module(),
  ...extra,
  { type: 'end', reason: 'failed', unhandled: [] } as ReportLine,
];
const verdictOf = (lines: ReportLine[], over: Partial<RunRecord> = {}) =>
  judge(census, [FILE], [{ run: run(lines, over) }], [], ROOT, limits);

describe('judging a graded run against the census', () => {
  it('should grade each pristine test from its result, and find nothing wrong with an honest run', () => {
    const verdict = verdictOf(honest());
    expect(verdict.tests).toEqual([
      { name: 'k does a', status: 'pass', message: '' },
      {
        name: 'k does b',
        status: 'fail',
        message: 'expected 1 to be 2',
        evidence: { errorClass: 'AssertionError', message: 'expected 1 to be 2' },
      },
    ]);
    expect(verdict.problems).toEqual([]);
  });

  it("should give a failure the assertion's values and the learner's line of code as its evidence", () => {
    const stack = 'AssertionError: expected 1 to be 2\n    at sum (/ws/katas/c/k.ts:2:10)';
    const failed: ReportLine = {
      ...(result(B, 'failed') as Extract<ReportLine, { type: 'result' }>),
      errors: [{ message: 'expected 1 to be 2', name: 'AssertionError', stack, expected: '2', actual: '1' }],
    };
    const lines = [
      { type: 'collected', file: ABS, tests: [A, B] } as ReportLine,
      result(A, 'passed'),
      failed,
      module(),
    ];
    const source = (file: string) => (file === 'katas/c/k.ts' ? 'export function sum() {\n  return 1;\n}' : undefined);
    const verdict = judge(census, [FILE], [{ run: run(lines) }], [], ROOT, limits, source);
    expect(verdict.tests[1]?.evidence).toMatchObject({
      expected: '2',
      received: '1',
      at: 'katas/c/k.ts:2:10',
      code: 'return 1;',
    });
  });

  it('should refuse extra, missing or renamed tests', () => {
    const lines = honest();
    lines[0] = { type: 'collected', file: ABS, tests: [A, ['k', 'does c']] };
    expect(verdictOf(lines).problems).toEqual([
      "k.test.ts: the tests that ran are not the pristine file's (missing 'k > does b'; extra 'k > does c')",
    ]);
  });

  it('should refuse hooks the pristine file does not have, and tools replaced while loading', () => {
    const lines = honest();
    lines[3] = module({
      hooks: { '': { ...HOOKS[''], afterEach: 1 } },
      loadChanges: ['Object.is', 'globalThis.AbortController'],
    });
    expect(verdictOf(lines).problems).toEqual([
      "hooks differ from the pristine file's: code in the kata registered afterEach +1 on the file",
      'loading the kata replaced Object.is',
    ]);
  });

  it('should refuse a worker that died by a signal nobody sent, or left before the end; not one ended after it', () => {
    const killed: ReportLine = { type: 'worker-exit', code: 137, signal: null, expected: false };
    expect(verdictOf(honest(killed)).problems).toEqual([
      'the test worker was killed by signal 9, which the grader did not send',
    ]);
    const left: ReportLine = { type: 'worker-exit', code: 0, signal: null, expected: false };
    expect(verdictOf(honest(left)).problems).toEqual(['the test worker exited (code 0) before the tests were done']);
    expect(verdictOf([...honest(), killed]).problems).toEqual([]);
    expect(verdictOf(honest(killed), { breach: 'memory' }).problems).toEqual([]);
  });

  it('should refuse a report with two results for one test, or without its last line', () => {
    expect(verdictOf(honest(result(A, 'passed'))).problems).toEqual([
      "the report gives 'k > does a' more than one result",
    ]);
    expect(verdictOf(honest().slice(0, -1), { exitCode: null }).problems).toEqual([
      'the test runner ended without finishing its report (exit code null)',
    ]);
  });

  it('should say why a test has no result: stopped, not loaded, out of time or memory', () => {
    const stoppedB = judge(
      census,
      [FILE],
      [
        {
          run: run(
            honest().filter((l) => l.type !== 'result' || l.titles !== B),
            { hung: { file: ABS, titles: B } },
          ),
        },
      ],
      [{ file: FILE, titles: B, reason: 'timed out after 5 s' }],
      ROOT,
      limits,
    );
    expect(stoppedB.tests[1]).toEqual({ name: 'k does b', status: 'error', message: 'timed out after 5 s' });
    const broken: ReportLine = { ...module(), errors: [{ message: 'SyntaxError: x' }] } as ReportLine;
    expect(verdictOf([broken, { type: 'end', reason: 'failed', unhandled: [] }]).tests[0]!.message).toBe(
      'does not load: SyntaxError: x',
    );
    expect(verdictOf([], { timedOut: true }).tests[0]!.message).toMatch(/timed out after 30 s \(the kata's limit\)/);
    expect(verdictOf([], { breach: 'memory' }).tests[0]!.message).toMatch(/ran out of memory \(cap 100 MB/);
  });

  it('should count only the results a resumed run was asked for', () => {
    const first = run(
      [{ type: 'collected', file: ABS, tests: [A, B] }, result(A, 'failed', 'AssertionError: no'), module()],
      { hung: { file: ABS, titles: B } },
    );
    const resumed = run([
      result(A, 'passed'),
      result(B, 'passed'),
      module(),
      { type: 'end', reason: 'passed', unhandled: [] },
    ]);
    const verdict = judge(
      census,
      [FILE],
      [{ run: first }, { run: resumed, only: [{ file: FILE, titles: B }] }],
      [],
      ROOT,
      limits,
    );
    expect(verdict.tests.map((t) => t.status)).toEqual(['fail', 'pass']);
  });
});
