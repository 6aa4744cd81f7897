/**
 * The vitest configuration of one graded run, started by the grader (lib/grade/kata-run.ts) with
 * the run described in KATA_GRADE_RUN. Nothing of the course's own vitest.config.ts is used, so a
 * hand-in cannot change how it is graded.
 */
import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { confinePlugin } from './confine-plugin';
import { RecordReporter } from './record-reporter';
import { readRunConfig } from './run-config';
import { sandboxPool } from './sandbox-pool';

const run = readRunConfig();

export default defineConfig({
  root: run.root,
  cacheDir: path.join(run.privateDir, 'vite'),
  plugins: [confinePlugin(run.root, run.allowedRoots)],
  server: { watch: null },
  test: {
    include: run.testFiles,
    setupFiles: run.setupFiles,
    runner: run.runner,
    pool: sandboxPool({ prefix: run.workerPrefix, env: run.workerEnv, reportFile: run.reportFile }),
    maxWorkers: 1,
    isolate: !run.shareWorker,
    fileParallelism: false,
    testTimeout: run.testTimeoutMs,
    hookTimeout: run.testTimeoutMs,
    teardownTimeout: 5000,
    reporters: [new RecordReporter(run.reportFile)],
    attachmentsDir: path.join(run.privateDir, 'attachments'),
    allowOnly: false,
    passWithNoTests: true,
    retry: 0,
    watch: false,
    sequence: { shuffle: false, concurrent: false },
  },
});
