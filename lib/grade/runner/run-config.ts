/**
 * What the grader tells one graded vitest run (its main process, outside the sandbox) through one
 * environment variable, and the line format of the report that run writes back. The main process
 * passes the worker only the worker's part (`workerEnv`); the report file lives in a folder the
 * sandbox cannot see.
 */

export const RUN_CONFIG_ENV = 'KATA_GRADE_RUN';
/** Inside the worker: `census` collects the pristine structure and runs nothing; `graded` runs the tests. */
export const MODE_ENV = 'KATA_GRADE_MODE';
/** Inside the worker: JSON list of test title paths to run; every other test is skipped (a resumed run). */
export const ONLY_ENV = 'KATA_GRADE_ONLY';
/** Inside the worker: set when the pristine tests themselves call onTestFinished/onTestFailed. */
export const TEST_HOOKS_ENV = 'KATA_GRADE_TEST_HOOKS';
/** Starts the message of a test the pinned runner failed because something was tampered with. */
export const TAMPER_TAG = '[grade:tamper]';
/** The artifact the pinned runner records as a test starts (the grader's per-test clock). */
export const START_ARTIFACT = 'grade:start';

export interface GradedRunConfig {
  /** The kata's workspace: vitest's root. */
  root: string;
  /** Test files, relative to root. */
  testFiles: string[];
  setupFiles: string[];
  /** Absolute path of the pinned runner (lib/grade/runner/pinned-runner.ts in the stage). */
  runner: string;
  /** JSON-lines report, in a folder only the grader and this process see. */
  reportFile: string;
  /** Caches and attachments of this run; never visible in the sandbox. */
  privateDir: string;
  /** The only folders the module server may read a module from. */
  allowedRoots: string[];
  testTimeoutMs: number;
  /** Command and arguments that come before `node …` to start the worker: the sandbox, or nothing. */
  workerPrefix: string[];
  /** The worker's whole environment (the main process's own is never passed on). */
  workerEnv: Record<string, string>;
  /** Load test files one after another in one worker (the census: trusted reference code only). */
  shareWorker: boolean;
}

/** A test's place: the titles of its suites, then its own. */
export type TitlePath = string[];

/** One key per test: its file and its title path. */
export const keyOf = (file: string, titles: TitlePath) => JSON.stringify([file, titles]);

export interface ReportedError {
  message: string;
  name?: string;
  stack?: string;
  expected?: string;
  actual?: string;
  diff?: string;
}

export type ReportLine =
  | { type: 'collected'; file: string; tests: TitlePath[] }
  | { type: 'start'; file: string; titles: TitlePath }
  | {
      type: 'result';
      file: string;
      titles: TitlePath;
      state: 'passed' | 'failed' | 'skipped' | 'pending';
      errors: ReportedError[];
      durationMs: number;
    }
  | { type: 'module'; file: string; state: string; errors: ReportedError[]; meta: ModuleMeta }
  | { type: 'worker-exit'; code: number | null; signal: string | null; expected: boolean }
  | { type: 'end'; reason: string; unhandled: ReportedError[] };

/** What the pinned runner records about a test file, in its vitest meta. */
export interface ModuleMeta {
  /** Hooks per suite (title path joined by ' > ', '' for the file): kind → count. */
  hooks?: Record<string, Record<string, number>>;
  /** Tool surfaces changed while the file (and the kata it imports) loaded. */
  loadChanges?: string[];
  /** Module mocks (vi.mock) registered when collection ended. */
  mocks?: number;
  /** What the runner saw go wrong: changed tools, changed results, tests added late. */
  tamper?: string[];
}

export function readRunConfig(): GradedRunConfig {
  const text = process.env[RUN_CONFIG_ENV];
  if (!text) throw new Error(`${RUN_CONFIG_ENV} is not set: this config is started by the grader only.`);
  return JSON.parse(text) as GradedRunConfig;
}
