/**
 * Hand-ins for the grader's own tests: a learner's folder as handed out (the chapter's stubs and
 * tests), with some files replaced, and the sandboxed class run `npm run grade` would make of them.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type ChapterEntry, kataPath, type Manifest, REPO_ROOT } from '../manifest';
import { DEFAULT_GRADE_LIMITS } from '../grade/session';
import { type ClassRun, gradeSubmissions } from '../grade/submissions';

/** Writes `learner`'s folder for one chapter under `dir`: the stubs and tests, then `files` over them. */
export function handIn(dir: string, learner: string, chapter: ChapterEntry, files: Record<string, string>): void {
  const folder = path.join(dir, learner, chapter.dir);
  mkdirSync(folder, { recursive: true });
  cpSync(path.join(REPO_ROOT, 'katas', chapter.dir), folder, { recursive: true });
  for (const [file, content] of Object.entries(files)) writeFileSync(path.join(folder, file), content);
}

/** The chapter's reference solutions, file by file, as a learner would hand them in. */
export const referenceFiles = (chapter: ChapterEntry): Record<string, string> =>
  Object.fromEntries(chapter.katas.map((k) => [k.file, readFileSync(kataPath(chapter, k, 'solutions'), 'utf8')]));

/** Grades every learner under `dir` against this repository's course, sandboxed, with `npm run grade`'s defaults. */
export const gradeSandboxed = (dir: string, manifest: Manifest): Promise<ClassRun> =>
  gradeSubmissions(dir, { course: { root: REPO_ROOT, manifest }, sandbox: true, ...DEFAULT_GRADE_LIMITS });
