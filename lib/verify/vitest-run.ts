/**
 * Runs vitest as a child process with its JSON reporter and reads back one result per test, so
 * verify and the grader judge tests by what the runner recorded, not by scraping its output.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../manifest';

export type TestStatus = 'passed' | 'failed' | 'skipped';

export interface TestResult {
  /** Absolute path of the test file. */
  file: string;
  name: string;
  status: TestStatus;
  failureMessages: string[];
  /** What the test recorded for the report; `evidence` holds a failed assertion's values (lib/feedback). */
  meta?: Record<string, unknown>;
}

export interface VitestRun {
  exitCode: number;
  tests: TestResult[];
  /** Files that failed before any test ran (syntax error, failing import), with the error. */
  brokenFiles: { file: string; message: string }[];
}

interface JsonReport {
  testResults: {
    name: string;
    status: string;
    message?: string;
    assertionResults: {
      fullName: string;
      status: string;
      failureMessages?: string[];
      meta?: Record<string, unknown>;
    }[];
  }[];
}

/** Reads vitest's JSON report into per-test results; no report (or half of one) means nothing ran to completion. */
export function parseJsonReport(text: string | undefined): Pick<VitestRun, 'tests' | 'brokenFiles'> {
  let report: JsonReport = { testResults: [] };
  try {
    if (text) report = JSON.parse(text) as JsonReport;
  } catch {
    // A half-written report is no report.
  }
  const tests = report.testResults.flatMap((file) =>
    file.assertionResults.map((t) => ({
      file: file.name,
      name: t.fullName,
      status: (t.status === 'passed' ? 'passed' : t.status === 'failed' ? 'failed' : 'skipped') as TestStatus,
      failureMessages: t.failureMessages ?? [],
      meta: t.meta,
    })),
  );
  const brokenFiles = report.testResults
    .filter((f) => f.status === 'failed' && f.assertionResults.length === 0)
    .map((f) => ({ file: f.name, message: f.message ?? 'the file failed to load' }));
  return { tests, brokenFiles };
}

export function runVitest(args: string[], options: { env?: NodeJS.ProcessEnv; quiet?: boolean } = {}): VitestRun {
  const dir = mkdtempSync(path.join(tmpdir(), 'vitest-json-'));
  const outputFile = path.join(dir, 'report.json');
  try {
    const reporters = options.quiet ? ['--reporter=json'] : ['--reporter=default', '--reporter=json'];
    const child = spawnSync(
      process.execPath,
      [
        path.join(REPO_ROOT, 'node_modules/vitest/vitest.mjs'),
        'run',
        ...reporters,
        `--outputFile.json=${outputFile}`,
        ...args,
      ],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, ...options.env },
        stdio: options.quiet ? 'ignore' : 'inherit',
      },
    );
    const text = existsSync(outputFile) ? readFileSync(outputFile, 'utf8') : undefined;
    return { exitCode: child.status ?? 1, ...parseJsonReport(text) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
