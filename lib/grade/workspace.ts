/**
 * A throw-away folder in which one kata is graded: links to the session's stage (tooling, node_modules),
 * the reference solution of every chapter as the katas around it, the learner's file for the kata
 * under test, its pristine test and any hidden tests. A broken neighbour can then cost only its own
 * kata. Everything is a copy or a link to the stage (a junction on Windows): nothing needs symlink
 * rights, and nothing leads back into the repository or the hand-in.
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChapterEntry, KataEntry, Manifest } from '../manifest';
import { linkDir } from '../link-dir';
import { COPIED, type Stage, TOOLING } from './stage';
import { testFileOf } from './test-guard';

export interface HiddenTest {
  /** File name in the kata's folder (`loss.hidden.test.ts`). */
  name: string;
  content: Buffer;
}

export interface KataUnderTest {
  chapter: ChapterEntry;
  kata: KataEntry;
  /** The learner's file; none keeps the reference solution (the census). */
  learnerFile?: Buffer;
  test: Buffer;
  hidden: HiddenTest[];
}

export interface Workspace {
  root: string;
  /** Test files to hand to vitest, relative to root, pristine first. */
  testFiles: string[];
  dispose(): void;
}

export function createWorkspace(
  stage: Stage,
  courseRoot: string,
  manifest: Manifest,
  katas: KataUnderTest[],
): Workspace {
  const root = mkdtempSync(path.join(tmpdir(), 'kata-grade-ws-'));
  try {
    for (const name of [...TOOLING, 'node_modules']) linkDir(path.join(stage.root, name), path.join(root, name));
    for (const name of COPIED) copyFileSync(path.join(stage.root, name), path.join(root, name));
    for (const other of manifest.chapters) {
      const reference = path.join(courseRoot, 'solutions', other.dir);
      const target = path.join(root, 'katas', other.dir);
      mkdirSync(target, { recursive: true });
      if (existsSync(reference))
        cpSync(reference, target, { recursive: true, dereference: true, filter: (src) => !src.endsWith('.test.ts') });
    }
    const testFiles: string[] = [];
    for (const { chapter, kata, learnerFile, test, hidden } of katas) {
      const dir = path.join(root, 'katas', chapter.dir);
      if (learnerFile) writeFileSync(path.join(dir, kata.file), learnerFile);
      const testFile = testFileOf(chapter, kata);
      writeFileSync(path.join(root, testFile), test);
      testFiles.push(testFile);
      for (const extra of hidden) {
        writeFileSync(path.join(dir, extra.name), extra.content);
        testFiles.push(path.join('katas', chapter.dir, extra.name));
      }
    }
    return { root, testFiles, dispose: () => rmSync(root, { recursive: true, force: true }) };
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}
