/**
 * Hidden tests, as nbgrader has them: `--extra-tests DIR` holds instructor-only test files laid out
 * like katas/ (`DIR/ch1-temperatures/loss.hidden.test.ts`). Every file of a chapter's folder whose
 * name starts with the kata's (`loss.`) and ends in `.test.ts` is added to that kata's tests and
 * counts toward its points. They are written only into the grader's throw-away workspaces, never
 * into a learner's folder.
 */
import { existsSync, lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { kataLabel, type Manifest, testFileName } from '../manifest';
import { UserError } from '../errors';
import { readHandIn } from './intake';
import type { HiddenTest } from './workspace';

export interface HiddenTests {
  /** Keyed by kata label (`ch1/loss`). */
  byKata: Map<string, HiddenTest[]>;
  /** Files that belong to no kata (a typo in a name), to warn about. */
  unmatched: string[];
}

export function loadHiddenTests(dir: string | undefined, manifest: Manifest): HiddenTests {
  const byKata = new Map<string, HiddenTest[]>();
  const unmatched: string[] = [];
  if (!dir) return { byKata, unmatched };
  if (!existsSync(dir) || !lstatSync(dir).isDirectory())
    throw new UserError(
      `--extra-tests ${dir} is not a folder; give a folder laid out like katas/ with hidden test files.`,
      2,
    );
  const chapters = new Set(manifest.chapters.map((c) => c.dir));
  for (const entry of readdirSync(dir).sort()) if (!chapters.has(entry)) unmatched.push(entry);
  for (const chapter of manifest.chapters) {
    const folder = path.join(dir, chapter.dir);
    if (!existsSync(folder)) continue;
    const names = readdirSync(folder).sort();
    const claimed = new Set<string>();
    for (const kata of chapter.katas) {
      const stem = kata.file.replace(/\.ts$/, '');
      const tests: HiddenTest[] = [];
      for (const name of names.filter((n) => n.startsWith(`${stem}.`) && n.endsWith('.test.ts'))) {
        claimed.add(name);
        const file = readHandIn(dir, [chapter.dir, name]);
        if (file.kind !== 'file') {
          const why = file.kind === 'refused' ? file.reason : 'it vanished';
          throw new UserError(`--extra-tests: ${path.join(chapter.dir, name)} cannot be read (${why}).`);
        }
        // A hidden test named like the pristine one would replace it in the workspace.
        const as = name === testFileName(kata) ? `${stem}.hidden.test.ts` : name;
        tests.push({ name: as, content: file.content });
      }
      if (tests.length) byKata.set(kataLabel(chapter, kata), tests);
    }
    for (const name of names) if (!claimed.has(name)) unmatched.push(path.join(chapter.dir, name));
  }
  return { byKata, unmatched };
}
