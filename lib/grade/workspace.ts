/**
 * A throw-away folder in which one kata is graded: the repository's tooling (lib/, fixtures/,
 * node_modules/ linked; package.json, tsconfig.json and vitest.config.ts copied), the reference
 * solution of every chapter as the katas around it, the learner's file for the kata under test and
 * the pristine test. A broken neighbour can then cost only its own kata.
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT, type ChapterEntry, type KataEntry, type Manifest } from '../manifest';
import { testFileOf } from './test-guard';

const LINKED = ['node_modules', 'lib', 'fixtures'];
const COPIED = ['package.json', 'tsconfig.json', 'vitest.config.ts'];

export interface Workspace {
  root: string;
  /** The test file to hand to vitest, relative to root. */
  testFile: string;
  dispose(): void;
}

export function createWorkspace(
  courseRoot: string,
  manifest: Manifest,
  chapter: ChapterEntry,
  kata: KataEntry,
  learnerFile: Buffer,
  test: Buffer,
): Workspace {
  const root = mkdtempSync(path.join(tmpdir(), 'grade-ws-'));
  for (const name of LINKED) symlinkSync(path.join(REPO_ROOT, name), path.join(root, name), 'dir');
  for (const name of COPIED) copyFileSync(path.join(REPO_ROOT, name), path.join(root, name));
  for (const other of manifest.chapters) {
    const reference = path.join(courseRoot, 'solutions', other.dir);
    const target = path.join(root, 'katas', other.dir);
    mkdirSync(target, { recursive: true });
    if (existsSync(reference))
      cpSync(reference, target, { recursive: true, filter: (src) => !src.endsWith('.test.ts') });
  }
  const dir = path.join(root, 'katas', chapter.dir);
  writeFileSync(path.join(dir, kata.file), learnerFile);
  const testFile = testFileOf(chapter, kata);
  writeFileSync(path.join(root, testFile), test);
  return { root, testFile, dispose: () => rmSync(root, { recursive: true, force: true }) };
}
