/**
 * Hand-ins for the grader's own tests: a learner's folder as handed out (the chapter's stubs and
 * tests), with some files replaced, and the sandboxed class run `npm run grade` would make of them.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ChapterEntry, Manifest } from '../manifest';
import { REPO_ROOT } from '../manifest';
import { type ClassRun, gradeSubmissions } from '../grade/submissions';

/** `npm run grade`'s own limits: the CNN katas' training tests take seconds each. */
export const GRADE_LIMITS = { timeoutSeconds: 300, testTimeoutSeconds: 120, maxMemoryMb: 4096, maxProcesses: 256 };

/** Writes `learner`'s folder for one chapter under `dir`: the stubs and tests, then `files` over them. */
export function handIn(dir: string, learner: string, chapter: ChapterEntry, files: Record<string, string>): void {
  const folder = path.join(dir, learner, chapter.dir);
  mkdirSync(folder, { recursive: true });
  cpSync(path.join(REPO_ROOT, 'katas', chapter.dir), folder, { recursive: true });
  for (const [file, content] of Object.entries(files)) writeFileSync(path.join(folder, file), content);
}

/** The chapter's reference solutions, file by file, as a learner would hand them in. */
export const referenceFiles = (chapter: ChapterEntry): Record<string, string> =>
  Object.fromEntries(
    chapter.katas.map((k) => [k.file, readFileSync(path.join(REPO_ROOT, 'solutions', chapter.dir, k.file), 'utf8')]),
  );

/** Grades every learner under `dir` against this repository's course, sandboxed, two katas at a time. */
export const gradeSandboxed = (dir: string, manifest: Manifest): Promise<ClassRun> =>
  gradeSubmissions(dir, { course: { root: REPO_ROOT, manifest }, sandbox: true, jobs: 2, ...GRADE_LIMITS });
