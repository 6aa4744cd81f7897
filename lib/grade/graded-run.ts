/**
 * One graded vitest run of a workspace: vitest's main process on the host, inside the run's memory
 * and process caps, with its worker in the sandbox. The grader watches the report as it grows: a
 * test that runs past the per-test limit (the kata blocks the event loop, so vitest's own timeout
 * cannot fire), a run that stops making progress, or the kata's deadline ends the run — every process
 * of it, whatever it detached or whatever pipes it holds. The lines written until then are kept.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AUTO_ENV } from '../backend';
import { CLOSE_GRACE_MS, OOM_PATTERN, OUTPUT_TAIL_CHARS } from '../testrun/isolated-run';
import { killTree, waitAtMost } from '../testrun/kill-tree';
import {
  keyOf,
  MODE_ENV,
  ONLY_ENV,
  type GradedRunConfig,
  type ReportLine,
  RUN_CONFIG_ENV,
  TEST_HOOKS_ENV,
  type TitlePath,
} from './runner/run-config';
import { bubblewrapPrefix } from './sandbox/bubblewrap';
import { type Breach, createLimits } from './sandbox/limits';
import type { Stage } from './stage';
import type { Workspace } from './workspace';

export interface RunRequest {
  stage: Stage;
  workspace: Workspace;
  /** The kata's folder in the workspace (relative): the sandbox's one writable place. */
  writableDir?: string;
  sandbox: boolean;
  census?: boolean;
  /** Run only these tests (a resumed run). */
  only?: { file: string; titles: TitlePath }[];
  testHooksAllowed?: boolean;
  deadline: number;
  testTimeoutMs: number;
  memoryMb: number;
  maxProcesses: number;
}

export interface RunRecord {
  lines: ReportLine[];
  /** A test the grader stopped because it ran past the per-test limit. */
  hung?: { file: string; titles: TitlePath };
  /** Nothing happened for longer than a test may take, outside any test (loading, a hook). */
  stalled: boolean;
  timedOut: boolean;
  breach?: Breach;
  /** The V8 heap ran out (its cap is set below the cgroup's). */
  heapOutOfMemory: boolean;
  exitCode: number | null;
  limits: string;
  killError?: string;
  outputTail: string;
  seconds: number;
}

/** vitest's own per-test timeout fires first for async code; past it by this much, the test is stuck. */
export const STUCK_GRACE_MS = 2000;
const POLL_MS = 200;
/** The V8 heap gets most of the cap; the rest is room for typed arrays, wasm and the runner itself. */
const HEAP_SHARE = 0.75;
/** Room for the main process: vite and vitest themselves, far below what a graded kata may use. */
const MAIN_HEAP_MB = 1024;
/** The course's knobs that graded runs inherit from the grader's environment. */
const COURSE_KNOBS = ['TFJS_BACKEND', 'FC_SEED', 'FC_NUM_RUNS', 'TZ'];
/** What Node needs to start on each platform, when it is not sandboxed. */
const HOST_ESSENTIALS = ['PATH', 'SYSTEMROOT', 'WINDIR', 'TEMP', 'TMP', 'TMPDIR', 'HOME', 'USERPROFILE', 'LANG'];

const pick = (keys: string[]) =>
  Object.fromEntries(keys.flatMap((k) => (process.env[k] === undefined ? [] : [[k, process.env[k]!]])));

function workerEnv(request: RunRequest): Record<string, string> {
  const base = request.sandbox
    ? { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: '/tmp', TMPDIR: '/tmp', LANG: 'C.UTF-8' }
    : pick(HOST_ESSENTIALS);
  return {
    ...base,
    ...pick(COURSE_KNOBS),
    NODE_OPTIONS: `--max-old-space-size=${Math.max(64, Math.floor(request.memoryMb * HEAP_SHARE))}`,
    FORCE_COLOR: '0',
    // No GPU probing mid-test (lib/backend.ts says why); --backend can still name one.
    [AUTO_ENV]: 'pure',
    [MODE_ENV]: request.census ? 'census' : 'graded',
    ...(request.only ? { [ONLY_ENV]: JSON.stringify(request.only.map((t) => t.titles)) } : {}),
    ...(request.testHooksAllowed ? { [TEST_HOOKS_ENV]: '1' } : {}),
  };
}

function readLines(file: string): ReportLine[] {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  // The last line may be half written when the run was killed.
  return text.split('\n').flatMap((line) => {
    try {
      return line ? [JSON.parse(line) as ReportLine] : [];
    } catch {
      return [];
    }
  });
}

export async function runGraded(request: RunRequest): Promise<RunRecord> {
  const started = Date.now();
  const privateDir = mkdtempSync(path.join(tmpdir(), 'kata-grade-private-'));
  const reportFile = path.join(privateDir, 'report.jsonl');
  writeFileSync(reportFile, '');
  const { workspace, stage } = request;
  // The caps hold the worker (the one process that runs the kata) and all it starts; vitest's main
  // process, trusted code, stays outside them, so a fork bomb or a memory hog cannot starve it.
  const limits = createLimits({ memoryMb: request.memoryMb, maxProcesses: request.maxProcesses });
  const sandbox = request.sandbox
    ? bubblewrapPrefix({
        readOnly: [stage.root, ...stage.moduleRoots],
        writable: request.writableDir ? [path.join(workspace.root, request.writableDir)] : [],
        cwd: workspace.root,
      })
    : [];
  const config: GradedRunConfig = {
    root: workspace.root,
    testFiles: workspace.testFiles,
    setupFiles: stage.setup,
    runner: stage.runner,
    reportFile,
    privateDir,
    allowedRoots: [workspace.root, stage.root, ...stage.moduleRoots],
    testTimeoutMs: request.testTimeoutMs,
    workerPrefix: limits.wrap(sandbox),
    workerEnv: workerEnv(request),
    shareWorker: Boolean(request.census),
  };
  const main = [path.join(stage.nodeModules, 'vitest', 'vitest.mjs'), 'run', '--config', stage.config];
  const child = spawn(process.execPath, main, {
    cwd: workspace.root,
    env: {
      ...pick(HOST_ESSENTIALS),
      [RUN_CONFIG_ENV]: JSON.stringify(config),
      NODE_OPTIONS: `--max-old-space-size=${MAIN_HEAP_MB}`,
      FORCE_COLOR: '0',
      VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true',
    },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    windowsHide: true,
  });
  if (child.pid !== undefined) limits.watch(child.pid);
  const closed = new Promise((done) => child.once('close', done));
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-OUTPUT_TAIL_CHARS * 4));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);

  let hung: RunRecord['hung'];
  let stalled = false;
  let timedOut = false;
  let killError: string | undefined;
  const stop = () => {
    limits.killAll();
    killError = killTree(child.pid) ?? killError;
  };
  let seen = 0;
  let lastEvent = Date.now();
  // Tests run one after another: the latest start without a result is the one running now.
  let current: { file: string; titles: TitlePath; since: number } | undefined;
  let ended = false;
  const watch = setInterval(() => {
    const lines = readLines(reportFile);
    for (const line of lines.slice(seen)) {
      lastEvent = Date.now();
      if (line.type === 'end') ended = true;
      if (line.type === 'start') current = { file: line.file, titles: line.titles, since: Date.now() };
      if (line.type === 'result' && current && keyOf(line.file, line.titles) === keyOf(current.file, current.titles))
        current = undefined;
    }
    seen = lines.length;
    const now = Date.now();
    const limit = request.testTimeoutMs + STUCK_GRACE_MS;
    // Once the report has its last line, vitest has nothing left to do for the grader but close its
    // server and exit, which takes it up to a second: the grader ends it there and then.
    if (!ended) {
      if (now > request.deadline) timedOut = true;
      else if (current && now - current.since > limit) hung = { file: current.file, titles: current.titles };
      else if (!current && now - lastEvent > limit) stalled = true;
      else return;
    }
    clearInterval(watch);
    stop();
  }, POLL_MS);

  const exitCode = await new Promise<number | null>((resolve) => {
    child.on('error', () => resolve(null));
    child.on('exit', (code) => resolve(code));
  });
  clearInterval(watch);
  stop(); // whatever the run left behind
  await waitAtMost(closed, CLOSE_GRACE_MS);
  child.stdout.destroy();
  child.stderr.destroy();
  const lines = readLines(reportFile);
  const breach = limits.breached();
  limits.dispose();
  rmSync(privateDir, { recursive: true, force: true });
  const errorsText = lines.flatMap((l) => ('errors' in l ? l.errors.map((e) => e.message) : [])).join('\n');
  return {
    lines,
    hung,
    stalled,
    timedOut,
    breach,
    heapOutOfMemory: OOM_PATTERN.test(output) || OOM_PATTERN.test(errorsText),
    exitCode,
    limits: limits.kind,
    killError,
    outputTail: output.slice(-OUTPUT_TAIL_CHARS),
    seconds: (Date.now() - started) / 1000,
  };
}
