/**
 * Runs vitest in its own process with a wall-clock timeout and a heap cap, and reads back one
 * result per test from its JSON reporter. A learner's infinite loop or runaway allocation ends
 * that process only: the caller learns `timedOut` or `outOfMemory` and goes on with the next kata.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../manifest';
import { parseJsonReport, type TestResult } from '../verify/vitest-run';
import { killTree, waitAtMost } from './kill-tree';

export interface IsolatedRunOptions {
  /** Folder vitest runs in (its vitest.config.ts is used). */
  cwd: string;
  /** Extra vitest arguments: `--project katas <test file>`. */
  args: string[];
  timeoutMs: number;
  /** V8 old-space limit for the runner and its workers, in MB. */
  maxMemoryMb: number;
}

export interface IsolatedRun {
  tests: TestResult[];
  /** Test files that failed before any test ran, with vitest's message. */
  brokenFiles: { file: string; message: string }[];
  timedOut: boolean;
  outOfMemory: boolean;
  exitCode: number | null;
  /** The last few kilobytes of the runner's output, for a failure no report explains. */
  outputTail: string;
  seconds: number;
  /** Why the runner's processes could not all be ended, when they could not. */
  killError?: string;
}

export const OUTPUT_TAIL_CHARS = 4000;
/** After the runner exits, how long a process that kept its output open may hold the result back. */
export const CLOSE_GRACE_MS = 1000;
export const OOM_PATTERN = /heap out of memory|ERR_WORKER_OUT_OF_MEMORY|Reached heap limit|Allocation failed/i;

export function runIsolated(options: IsolatedRunOptions): Promise<IsolatedRun> {
  const dir = mkdtempSync(path.join(tmpdir(), 'grade-run-'));
  const outputFile = path.join(dir, 'report.json');
  const start = Date.now();
  const vitest = path.join(REPO_ROOT, 'node_modules/vitest/vitest.mjs');
  const env = {
    ...process.env,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=${options.maxMemoryMb}`.trim(),
    FORCE_COLOR: '0',
  };
  // detached: the runner leads its own process group, so a timeout can end its workers with it.
  const child = spawn(
    process.execPath,
    [vitest, 'run', '--reporter=json', `--outputFile.json=${outputFile}`, ...options.args],
    { cwd: options.cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true },
  );
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-OUTPUT_TAIL_CHARS * 4));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let timedOut = false;
  let killError: string | undefined;
  const timer = setTimeout(() => {
    timedOut = true;
    killError = killTree(child.pid);
  }, options.timeoutMs);
  const closed = new Promise((done) => child.once('close', done));
  return new Promise((resolve) => {
    // 'exit', not 'close': a process the kata left behind may hold the output pipes open for ever.
    child.on('exit', async (code) => {
      clearTimeout(timer);
      killError = killTree(child.pid) ?? killError; // workers left behind by a crashed runner
      await waitAtMost(closed, CLOSE_GRACE_MS);
      child.stdout.destroy();
      child.stderr.destroy();
      let text: string | undefined;
      try {
        text = readFileSync(outputFile, 'utf8');
      } catch {
        text = undefined;
      }
      rmSync(dir, { recursive: true, force: true });
      const parsed = parseJsonReport(timedOut ? undefined : text);
      const outOfMemory =
        OOM_PATTERN.test(output) ||
        parsed.brokenFiles.some((f) => OOM_PATTERN.test(f.message)) ||
        parsed.tests.some((t) => t.failureMessages.some((m) => OOM_PATTERN.test(m)));
      resolve({
        ...parsed,
        timedOut,
        outOfMemory,
        exitCode: code,
        outputTail: output.slice(-OUTPUT_TAIL_CHARS),
        seconds: (Date.now() - start) / 1000,
        ...(killError ? { killError } : {}),
      });
    });
  });
}
