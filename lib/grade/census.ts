/**
 * What each pristine test file holds, learned from the pristine files themselves, never from a
 * hand-in's run: one trusted run collects every test file of the course (and the hidden tests) against
 * the reference solutions, running no test. For each file it keeps the tests' title paths in order,
 * the hooks of every suite, and the tool surfaces that change while the file loads. A graded run must
 * match it.
 */
import path from 'node:path';
import { type RunRequest, runGraded } from './graded-run';
import type { ModuleMeta, ReportedError, TitlePath } from './runner/run-config';
import type { Stage } from './stage';
import { createWorkspace, type KataUnderTest } from './workspace';

export interface FileCensus {
  tests: TitlePath[];
  hooks: NonNullable<ModuleMeta['hooks']>;
  /** Tool surfaces that loading any pristine file changes (the same list for every file). */
  loadChanges: string[];
  /** Module mocks the pristine file registers. */
  mocks: number;
}

export interface Census {
  /** Keyed by the test file's path relative to the workspace (`katas/ch1-temperatures/loss.test.ts`). */
  files: Map<string, FileCensus>;
  /** Test files that could not be collected against the reference, with the reason. */
  broken: Map<string, string>;
  seconds: number;
  /** How the memory and process caps are enforced on this machine. */
  limits: string;
}

export interface CensusOptions extends Pick<RunRequest, 'sandbox' | 'memoryMb' | 'maxProcesses' | 'testTimeoutMs'> {
  timeoutMs: number;
}

const firstMessage = (errors: ReportedError[]) => errors[0]?.message.split('\n')[0] ?? 'no reason given';

export async function takeCensus(
  stage: Stage,
  courseRoot: string,
  manifest: Parameters<typeof createWorkspace>[2],
  katas: KataUnderTest[],
  options: CensusOptions,
): Promise<Census> {
  const workspace = createWorkspace(
    stage,
    courseRoot,
    manifest,
    katas.map((k) => ({ ...k, learnerFile: undefined })),
  );
  try {
    const run = await runGraded({
      ...options,
      stage,
      workspace,
      census: true,
      deadline: Date.now() + options.timeoutMs,
    });
    const files = new Map<string, FileCensus>();
    const broken = new Map<string, string>();
    const relative = (file: string) => path.relative(workspace.root, file);
    const collected = new Map(run.lines.flatMap((l) => (l.type === 'collected' ? [[relative(l.file), l.tests]] : [])));
    for (const line of run.lines) {
      if (line.type !== 'module') continue;
      const file = relative(line.file);
      if (line.errors.length) broken.set(file, firstMessage(line.errors));
      else
        files.set(file, {
          tests: collected.get(file) ?? [],
          hooks: line.meta.hooks ?? {},
          loadChanges: line.meta.loadChanges ?? [],
          mocks: line.meta.mocks ?? 0,
        });
    }
    // Files loaded one after another in one worker: a tool the first file's imports replace is already
    // replaced for the next. What any pristine file changes while loading is what loading may change.
    const loadChanges = [...new Set([...files.values()].flatMap((f) => f.loadChanges))].sort();
    for (const census of files.values()) census.loadChanges = loadChanges;
    const why = run.timedOut ? 'the census run timed out' : `the census run ended early (exit code ${run.exitCode})`;
    for (const file of workspace.testFiles) if (!files.has(file) && !broken.has(file)) broken.set(file, why);
    return { files, broken, seconds: run.seconds, limits: run.limits };
  } finally {
    workspace.dispose();
  }
}
