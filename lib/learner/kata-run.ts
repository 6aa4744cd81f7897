/**
 * Runs one kata's tests on the learner's own files, in a separate process with a timeout, and
 * remembers the result for the file as it is now.
 */
import { readFileSync } from 'node:fs';
import { kataLabel, kataPath, REPO_ROOT, testPath, type ChapterEntry, type KataEntry } from '../manifest';
import { sourceReaderAt } from '../feedback/source-reader';
import { gitBlobHash } from '../git/blob';
import { runIsolated } from '../testrun/isolated-run';
import { kataStatus, testGrades, type GradeStatus, type TestGrade } from '../testrun/outcome';
import { loadState, saveState } from './state';

export interface KataResult {
  status: GradeStatus;
  tests: TestGrade[];
  seconds: number;
}

/** A learner's run gets more time than a grader's default: their machine may be slow. */
export const LEARNER_TIMEOUT_SECONDS = 300;
const LEARNER_MEMORY_MB = 4096;

export async function runKata(
  chapter: ChapterEntry,
  kata: KataEntry,
  timeoutSeconds = LEARNER_TIMEOUT_SECONDS,
): Promise<KataResult> {
  const hash = gitBlobHash(readFileSync(kataPath(chapter, kata)));
  const run = await runIsolated({
    cwd: REPO_ROOT,
    args: ['--project', 'katas', testPath(chapter, kata)],
    timeoutMs: timeoutSeconds * 1000,
    maxMemoryMb: LEARNER_MEMORY_MB,
  });
  const tests = testGrades(run, timeoutSeconds, LEARNER_MEMORY_MB, sourceReaderAt(REPO_ROOT));
  const status = kataStatus(tests);
  const state = loadState();
  state.results[kataLabel(chapter, kata)] = { hash, status };
  saveState(state);
  return { status, tests, seconds: run.seconds };
}
