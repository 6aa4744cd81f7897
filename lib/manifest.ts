/**
 * The kata manifest (`katas/manifest.json`): chapters in order, each kata's file, points and tiered
 * hints, and the git blob hash of its pristine stub. One file drives verify, grading, hints, reset
 * and the watch mode, as rustlings' `info.toml` does.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from './errors';
import { gitBlobHash } from './git/blob';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const MANIFEST_PATH = path.join(REPO_ROOT, 'katas', 'manifest.json');

export interface KataEntry {
  /** Short name, unique within its chapter: `data`, `train`. */
  name: string;
  /** The stub, relative to the chapter folder; the test is the same name with `.test.ts`. */
  file: string;
  points: number;
  /** Hints, gentlest first. */
  hints: string[];
  /** `git hash-object` of the stub as shipped, so a changed kata can be told from a pristine one. */
  pristine: string;
  /** `git hash-object` of the test as shipped, so grading can tell an edited test and restore it. */
  testPristine: string;
}

export interface ChapterEntry {
  /** `ch1` … `ch5`, as typed on the command line. */
  id: string;
  /** Folder under `katas/` and `solutions/`. */
  dir: string;
  title: string;
  katas: KataEntry[];
}

export interface Manifest {
  chapters: ChapterEntry[];
}

export function loadManifest(file = MANIFEST_PATH): Manifest {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  } catch (error) {
    throw new UserError(
      `Cannot read the kata manifest ${file} (${(error as Error).message}); restore it with \`git checkout -- ` +
        `katas/manifest.json\`.`,
    );
  }
}

/** The chapter with this id, or a UserError listing the valid ids. */
export function findChapter(manifest: Manifest, id: string): ChapterEntry {
  const chapter = manifest.chapters.find((c) => c.id === id);
  if (!chapter) {
    throw new UserError(`Unknown chapter '${id}'; choose one of: ${manifest.chapters.map((c) => c.id).join(', ')}.`, 2);
  }
  return chapter;
}

/** The chapter's kata with this name, or a UserError listing the valid names. */
export function findKata(chapter: ChapterEntry, name: string): KataEntry {
  const kata = chapter.katas.find((k) => k.name === name);
  if (!kata) {
    const names = chapter.katas.map((k) => k.name).join(', ');
    throw new UserError(`Unknown kata '${name}' in ${chapter.id}; choose one of: ${names}.`, 2);
  }
  return kata;
}

/** `ch1/data`: how every tool names a kata, on screen, in results and in the learner's state. */
export const kataLabel = (chapter: ChapterEntry, kata: KataEntry) => `${chapter.id}/${kata.name}`;

/** A kata's test file beside its stub: `data.ts` → `data.test.ts`. */
export const testFileName = (kata: KataEntry) => kata.file.replace(/\.ts$/, '.test.ts');

export const kataPath = (chapter: ChapterEntry, kata: KataEntry, tree: 'katas' | 'solutions' = 'katas') =>
  path.join(REPO_ROOT, tree, chapter.dir, kata.file);
export const testPath = (chapter: ChapterEntry, kata: KataEntry) =>
  path.join(REPO_ROOT, 'katas', chapter.dir, testFileName(kata));

export function isPristine(chapter: ChapterEntry, kata: KataEntry): boolean {
  try {
    return gitBlobHash(readFileSync(kataPath(chapter, kata))) === kata.pristine;
  } catch {
    return false;
  }
}
