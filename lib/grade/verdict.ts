/**
 * Turns the graded runs of one kata into per-test grades, checked against the census of its pristine
 * test files: the tests that ran must be exactly the pristine ones, the hooks the pristine ones, the
 * tools as the pristine files leave them; the worker must end only when asked to, and the report must
 * agree with what the grader saw. Any of these failing makes the kata an error with the reason — a
 * hand-in that bends its grading scores nothing. A test the grader had to stop (stuck past the per-test
 * limit, or over the memory cap) costs that test only.
 */
import path from 'node:path';
import type { SourceReader } from '../feedback/evidence';
import { firstLine, type TestGrade, testGrade } from '../testrun/outcome';
import type { FileCensus } from './census';
import type { RunRecord } from './graded-run';
import { keyOf, type ReportedError, type ReportLine, type TitlePath } from './runner/run-config';

export interface Limits {
  kataTimeoutSeconds: number;
  testTimeoutSeconds: number;
  memoryMb: number;
  maxProcesses: number;
}

export interface TestRef {
  file: string;
  titles: TitlePath;
}

/** A test the grader ended, and why. */
export interface Stopped extends TestRef {
  reason: string;
}

export interface Verdict {
  tests: TestGrade[];
  /** Why the kata cannot be trusted; any makes it an error worth no points. */
  problems: string[];
  /** Worth telling, changes nothing (errors thrown outside any test). */
  notes: string[];
}

/**
 * An error as vitest's JSON reporter gives it (its stack, which starts with the message), unless the
 * stack does not hold the message (vitest's own timeout error has a placeholder there): then both.
 */
export const failureText = (e: ReportedError) =>
  !e.stack ? e.message : e.stack.includes(e.message) ? e.stack : `${e.name ?? 'Error'}: ${e.message}\n${e.stack}`;

const nameOf = (titles: TitlePath) => titles.join(' ');
const show = (titles: TitlePath) => `'${titles.join(' > ')}'`;
const ENDLESS = 'a loop that never ends, or training far too long';
const GROWING = 'tensors or arrays that grow without end';
const BLOCKED = 'the kata blocks while loading or in a hook';
const more = (n: number) => (n > 0 ? `; and ${n} more` : '');
/** A signal reaches us as an exit code above 128 when bubblewrap passes on its child's fate. */
const SIGNAL_EXIT = 128;

type Result = Extract<ReportLine, { type: 'result' }>;

/** Where the run was when the grader ended it: the latest test started and not finished. */
export function runningTest(run: RunRecord, root: string): TestRef | undefined {
  let current: TestRef | undefined;
  for (const line of run.lines) {
    if (line.type === 'start') current = { file: path.relative(root, line.file), titles: line.titles };
    if (
      line.type === 'result' &&
      current &&
      keyOf(path.relative(root, line.file), line.titles) === keyOf(current.file, current.titles)
    )
      current = undefined;
  }
  return current;
}

/** What stopped the run early, if the grader (or a cap) did: the test it was on gets `reason`. */
export function stopReason(run: RunRecord, limits: Limits): string | undefined {
  if (run.hung) return `timed out after ${limits.testTimeoutSeconds} s (the per-test limit): ${ENDLESS}`;
  if (run.breach === 'memory' || run.heapOutOfMemory)
    return `ran out of memory (cap ${limits.memoryMb} MB, typed arrays and wasm included): ${GROWING}`;
  if (run.breach === 'processes') return `started more than ${limits.maxProcesses} processes or threads`;
  return undefined;
}

const sortedKeys = (tests: TitlePath[]) => tests.map((t) => JSON.stringify(t)).sort();

function sameTests(expected: TitlePath[], got: TitlePath[]): string | undefined {
  const want = sortedKeys(expected);
  const have = sortedKeys(got);
  if (JSON.stringify(want) === JSON.stringify(have)) return undefined;
  const missing = want.filter((k) => !have.includes(k)).map((k) => show(JSON.parse(k)));
  const extra = have.filter((k) => !want.includes(k)).map((k) => show(JSON.parse(k)));
  const parts = [
    missing.length ? `missing ${missing.slice(0, 3).join(', ')}` : '',
    extra.length
      ? `extra ${extra.slice(0, 3).join(', ')}${extra.length > 3 ? ` and ${extra.length - 3} more` : ''}`
      : '',
    !missing.length && !extra.length ? `${got.length} tests instead of ${expected.length}` : '',
  ].filter(Boolean);
  return `the tests that ran are not the pristine file's (${parts.join('; ')})`;
}

function hookProblem(expected: FileCensus['hooks'], got: FileCensus['hooks'] | undefined): string | undefined {
  if (!got) return 'the run did not report its hooks';
  const added: string[] = [];
  for (const suite of new Set([...Object.keys(expected), ...Object.keys(got)]))
    for (const kind of new Set([...Object.keys(expected[suite] ?? {}), ...Object.keys(got[suite] ?? {})])) {
      const diff = (got[suite]?.[kind] ?? 0) - (expected[suite]?.[kind] ?? 0);
      if (diff) added.push(`${kind} ${diff > 0 ? '+' : ''}${diff} on ${suite ? `'${suite}'` : 'the file'}`);
    }
  return added.length
    ? `hooks differ from the pristine file's: code in the kata registered ${added.join(', ')}`
    : undefined;
}

/** Structure, hooks, loaded tools, tamper marks and the worker's end, for every attempt. */
function integrity(census: Map<string, FileCensus>, runs: RunRecord[], root: string, stopped: boolean[]): string[] {
  const problems = new Set<string>();
  runs.forEach((run, attempt) => {
    const rel = (file: string) => path.relative(root, file);
    let ended = false;
    for (const line of run.lines) {
      // After the report's last line the grader ends whatever is left, the worker included.
      if (line.type === 'end') ended = true;
      if (line.type === 'collected' && attempt === 0) {
        const expected = census.get(rel(line.file));
        const wrong = expected && line.tests.length ? sameTests(expected.tests, line.tests) : undefined;
        if (wrong) problems.add(`${path.basename(line.file)}: ${wrong}`);
      }
      if (line.type === 'module') {
        const expected = census.get(rel(line.file));
        if (!expected || line.errors.length) continue;
        const hooks = hookProblem(expected.hooks, line.meta.hooks);
        if (hooks) problems.add(hooks);
        if ((line.meta.mocks ?? 0) > expected.mocks) problems.add('code in the kata registered module mocks (vi.mock)');
        const changed = (line.meta.loadChanges ?? []).filter((c) => !expected.loadChanges.includes(c));
        if (changed.length) problems.add(`loading the kata replaced ${changed.slice(0, 5).join(', ')}`);
      }
      const tamper = line.type === 'module' ? (line.meta.tamper ?? []) : [];
      if (tamper.length)
        problems.add(
          `code in the kata tampered with its grading (${tamper.slice(0, 2).join('; ')}${more(tamper.length - 2)})`,
        );
      if (line.type === 'worker-exit' && !line.expected && !stopped[attempt] && !ended) {
        const signal =
          line.signal ?? (line.code !== null && line.code > SIGNAL_EXIT ? `signal ${line.code - SIGNAL_EXIT}` : null);
        problems.add(
          signal
            ? `the test worker was killed by ${signal}, which the grader did not send`
            : `the test worker exited (code ${line.code}) before the tests were done`,
        );
      }
    }
    if (!stopped[attempt] && !run.lines.some((l) => l.type === 'end'))
      problems.add(`the test runner ended without finishing its report (exit code ${run.exitCode})`);
    const results = run.lines.filter((l): l is Result => l.type === 'result');
    const seen = new Set<string>();
    for (const r of results) {
      const key = keyOf(rel(r.file), r.titles);
      if (seen.has(key)) problems.add(`the report gives ${show(r.titles)} more than one result`);
      seen.add(key);
    }
  });
  return [...problems];
}

/** One graded run, and the tests it was asked to run when it resumed an earlier one. */
export interface Attempt {
  run: RunRecord;
  only?: TestRef[];
}

export function judge(
  census: Map<string, FileCensus>,
  testFiles: string[],
  attempts: Attempt[],
  stoppedTests: Stopped[],
  root: string,
  limits: Limits,
  read?: SourceReader,
): Verdict {
  const runs = attempts.map((a) => a.run);
  const stopped = runs.map((r) => Boolean(r.hung || r.timedOut || r.stalled || r.breach || r.heapOutOfMemory));
  const results = new Map<string, Result>();
  const loadErrors = new Map<string, string>();
  for (const { run, only } of attempts) {
    const asked = only && new Set(only.map((t) => keyOf(t.file, t.titles)));
    for (const line of run.lines) {
      if (line.type === 'result') {
        const key = keyOf(path.relative(root, line.file), line.titles);
        // A resumed run reports the tests it skipped too: only what it was asked to run counts.
        if (!asked || asked.has(key)) results.set(key, line);
      }
      const file = line.type === 'module' ? path.relative(root, line.file) : '';
      if (line.type === 'module' && line.errors.length && !loadErrors.has(file))
        loadErrors.set(file, firstLine(failureText(line.errors[0]!)));
    }
  }
  const last = runs.at(-1);
  const stops = new Map(stoppedTests.map((s) => [keyOf(s.file, s.titles), s.reason]));
  const tests: TestGrade[] = testFiles.flatMap((file) =>
    (census.get(file)?.tests ?? []).map((titles): TestGrade => {
      const key = keyOf(file, titles);
      const result = results.get(key);
      if (result) {
        const { expected, actual, diff } = result.errors[0] ?? {};
        const failure = {
          failureMessages: result.errors.map(failureText),
          meta: { evidence: { expected, actual, diff } },
        };
        return testGrade(nameOf(titles), result.state === 'pending' ? 'skipped' : result.state, failure, read);
      }
      const reason =
        stops.get(key) ??
        (loadErrors.has(file) ? `does not load: ${loadErrors.get(file)}` : undefined) ??
        (last?.timedOut
          ? `timed out after ${limits.kataTimeoutSeconds} s (the kata's limit): ${ENDLESS}`
          : last?.stalled
            ? `timed out after ${limits.testTimeoutSeconds} s without a test running: ${BLOCKED}`
            : ((last && stopReason(last, limits)) ?? 'never reported a result'));
      return { name: nameOf(titles), status: 'error', message: reason };
    }),
  );
  const problems = integrity(census, runs, root, stopped);
  const notes = [
    ...new Set(
      runs.flatMap((r) =>
        r.lines.flatMap((l) =>
          l.type === 'end'
            ? l.unhandled.map((e) => `an error was thrown outside any test: ${firstLine(e.message)}`)
            : [],
        ),
      ),
    ),
    ...runs.flatMap((r) => (r.killError ? [r.killError] : [])),
  ];
  return { tests, problems, notes };
}
