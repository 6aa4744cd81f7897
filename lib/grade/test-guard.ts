/**
 * Guards the kata tests: every test file's git blob hash is recorded in the manifest (`testPristine`,
 * written by `npm run manifest -- --write`).
 * Grading uses a test only when it matches; an edited test is replaced by its pristine copy from git,
 * and when that is impossible the kata scores nothing. Editing a test away never earns points.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gitBlobHash, readGitBlob } from '../git/blob';
import { type ChapterEntry, type KataEntry, testFileName } from '../manifest';
import { readHandIn } from './intake';

export const testFileOf = (chapter: ChapterEntry, kata: KataEntry) =>
  path.join('katas', chapter.dir, testFileName(kata));

export interface PristineTest {
  /** The test to grade with; undefined when no trustworthy copy exists. */
  content?: Buffer;
  notes: string[];
}

/** The trustworthy test for a kata of the course at `root`: the file if it matches, else git's copy. */
export function pristineTest(root: string, chapter: ChapterEntry, kata: KataEntry): PristineTest {
  const relative = testFileOf(chapter, kata);
  const file = path.join(root, relative);
  const onDisk = existsSync(file) ? readFileSync(file) : undefined;
  const expected = kata.testPristine;
  if (!expected) return { content: onDisk, notes: [`${relative} has no recorded pristine hash, so it is not guarded`] };
  if (onDisk && gitBlobHash(onDisk) === expected) return { content: onDisk, notes: [] };
  const what = onDisk ? 'was edited' : 'is missing';
  try {
    return {
      content: readGitBlob(expected, root),
      notes: [`${relative} ${what}; graded with the pristine copy from git`],
    };
  } catch (error) {
    return {
      notes: [
        `${relative} ${what} and no pristine copy could be read (${(error as Error).message.replace(/\.$/, '')}); ` +
          'the kata scores 0',
      ],
    };
  }
}

/** Whether a submission's own copy of a test differs from the pristine one (it is never used). */
export function submittedTestNote(
  submissionKatas: string,
  chapter: ChapterEntry,
  kata: KataEntry,
  pristine: Buffer | undefined,
): string | undefined {
  const name = testFileName(kata);
  const copy = readHandIn(submissionKatas, [chapter.dir, name]);
  if (!pristine || copy.kind === 'missing') return undefined;
  if (copy.kind === 'refused') return `the submission's ${copy.reason}; ignored, graded with the pristine test`;
  return gitBlobHash(copy.content) === gitBlobHash(pristine)
    ? undefined
    : `the submission's ${path.join(chapter.dir, name)} was edited; ignored, graded with the pristine test`;
}
