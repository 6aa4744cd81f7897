/**
 * Every chapter's book-scale run, found by convention: the manifest lists the chapters, and each
 * one's `solutions/<dir>/book-run.ts` exports `bookRun`. Adding a chapter to the manifest is all it
 * takes to give `npm run solve` a new chapter; nothing is imported until a chapter is asked for,
 * so `solve ch1` never loads MNIST.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Manifest, REPO_ROOT } from '../manifest';
import type { BookRun } from './types';

/** The file that holds a chapter's book-scale run. */
export const bookRunFile = (chapterDir: string, root = REPO_ROOT) =>
  path.join(root, 'solutions', chapterDir, 'book-run.ts');

export type BookRuns = Record<string, () => Promise<BookRun>>;

/** Chapter id → a loader of its `bookRun`, in manifest order. */
export function bookRuns(manifest: Manifest, root = REPO_ROOT): BookRuns {
  return Object.fromEntries(
    manifest.chapters.map((chapter) => [
      chapter.id,
      async () => {
        const module = (await import(pathToFileURL(bookRunFile(chapter.dir, root)).href)) as { bookRun?: BookRun };
        if (!module.bookRun) throw new Error(`${bookRunFile(chapter.dir, root)} does not export bookRun`);
        return module.bookRun;
      },
    ]),
  );
}
