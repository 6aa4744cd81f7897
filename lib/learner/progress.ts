/**
 * Where the learner stands: each kata's status without running anything (an untouched stub is not
 * started; a remembered result counts while the file is unchanged), the next kata to work on, and
 * the progress bars over all katas and each chapter.
 */
import { readFileSync } from 'node:fs';
import { kataLabel, kataPath, type ChapterEntry, type KataEntry, type Manifest } from '../manifest';
import { gitBlobHash } from '../git/blob';
import type { GradeStatus } from '../testrun/outcome';

import type { LearnerState } from './state';

/** Each status's mark on the screen, beside a kata or a test. */
export const MARK: Record<GradeStatus, string> = { pass: '✓', fail: '✗', error: '!', 'not started': '·' };

/** `unknown`: changed since the last run, so it must be run to know. */
export type KnownStatus = GradeStatus | 'unknown';

export interface KataProgress {
  chapter: ChapterEntry;
  kata: KataEntry;
  status: KnownStatus;
}

export function kataProgress(manifest: Manifest, state: LearnerState): KataProgress[] {
  return manifest.chapters.flatMap((chapter) =>
    chapter.katas.map((kata) => {
      let hash: string | undefined;
      try {
        hash = gitBlobHash(readFileSync(kataPath(chapter, kata)));
      } catch {
        return { chapter, kata, status: 'error' as const };
      }
      if (hash === kata.pristine) return { chapter, kata, status: 'not started' as const };
      const remembered = state.results[kataLabel(chapter, kata)];
      return { chapter, kata, status: remembered?.hash === hash ? remembered.status : ('unknown' as const) };
    }),
  );
}

/** The first kata, in chapter order, that is not known to pass. */
export const nextKata = (progress: KataProgress[]) => progress.find((p) => p.status !== 'pass');

export function bar(done: number, total: number, width: number): string {
  const filled = total ? Math.round((done / total) * width) : 0;
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

/** Two lines or more: the overall bar, then one short bar per chapter. */
export function progressLines(progress: KataProgress[], width = 30): string[] {
  const passed = progress.filter((p) => p.status === 'pass').length;
  const lines = [`Progress ${bar(passed, progress.length, width)} ${passed}/${progress.length} katas`];
  const chapters = [...new Set(progress.map((p) => p.chapter))];
  lines.push(
    chapters
      .map((c) => {
        const own = progress.filter((p) => p.chapter === c);
        return `${c.id} ${bar(own.filter((p) => p.status === 'pass').length, own.length, own.length)}`;
      })
      .join('  '),
  );
  return lines;
}

/** `1 point`, `2 points`. */
export const pointsLabel = (points: number) => `${points} point${points === 1 ? '' : 's'}`;

/** What to do once a chapter's katas all pass: the figures, the reference, the book-scale run. */
export function chapterCompleteLines(chapter: ChapterEntry): string[] {
  const last = chapter.katas.at(-1)!;
  return [
    ``,
    `${chapter.id} complete: all ${chapter.katas.length} katas pass. Next:`,
    `  npm run plot -- ${chapter.id}                 your figures beside the reference's`,
    `  npm run kata -- --solution ${chapter.id} ${last.name}   ` +
      `the reference beside your code (any kata of ${chapter.id})`,
    `  npm run solve -- ${chapter.id} --mine         your katas at the book's scale, held to the book's bands`,
  ];
}
