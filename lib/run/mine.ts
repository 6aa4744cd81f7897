/**
 * `npm run solve -- <chapter> --mine`: the book-scale run with the learner's own katas in place of
 * the reference solutions. Every import of a kata's solution file (`solutions/<dir>/loss.ts`)
 * resolves to the learner's file of the same path under `katas/`; the book run itself, its bands,
 * figures and JSON stay as they are, so the two runs can only differ by the learner's code.
 */
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { UserError } from '../errors';
import { KataNotImplementedError } from '../kata';
import { isPristine, kataLabel, kataPath, type ChapterEntry, type Manifest } from '../manifest';

/** Solution file URL → the learner's kata file URL, for every kata of every chapter. */
function kataRedirects(manifest: Manifest): Record<string, string> {
  return Object.fromEntries(
    manifest.chapters.flatMap((chapter) =>
      chapter.katas.map((kata) => [
        pathToFileURL(kataPath(chapter, kata, 'solutions')).href,
        pathToFileURL(kataPath(chapter, kata)).href,
      ]),
    ),
  );
}

/** From now on, imports of the katas' solutions load the learner's files (before the book run is imported). */
export function useLearnerKatas(manifest: Manifest): void {
  register('./mine-hooks.mjs', import.meta.url, { data: { redirects: kataRedirects(manifest) } });
}

const finishFirst = (label: string, file: string) =>
  `Finish ${label} first (npm run kata): solve --mine runs your ${file} in place of the reference.`;

/** A UserError naming the chapter's first kata that is still the untouched stub, if any. */
export function checkChapterStarted(chapter: ChapterEntry): void {
  const unfinished = chapter.katas.find((kata) => isPristine(chapter, kata));
  if (unfinished)
    throw new UserError(finishFirst(kataLabel(chapter, unfinished), `katas/${chapter.dir}/${unfinished.file}`));
}

/** The same sentence for an unfinished kata the run reached in another chapter (ch3 runs on ch2's loss). */
export function explainUnfinished(error: unknown, manifest: Manifest): unknown {
  if (!(error instanceof KataNotImplementedError)) return error;
  for (const chapter of manifest.chapters)
    for (const kata of chapter.katas)
      if (kataLabel(chapter, kata) === error.kata)
        return new UserError(finishFirst(error.kata, `katas/${chapter.dir}/${kata.file}`));
  return new UserError(`Finish ${error.kata} first (npm run kata): ${error.task}.`);
}
