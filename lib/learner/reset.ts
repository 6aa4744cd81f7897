/**
 * Restores a kata's pristine stub from git (by the blob hash in the manifest), after the learner
 * confirms; forgets its remembered result and hints.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors';
import { kataLabel, REPO_ROOT, type ChapterEntry, type KataEntry } from '../manifest';
import { gitBlobHash } from '../git/blob';
import { readGitBlob } from '../git/blob';

import { loadState, saveState } from './state';

export function katasToReset(chapter: ChapterEntry, kataName?: string): KataEntry[] {
  if (kataName === undefined) return chapter.katas;
  const kata = chapter.katas.find((k) => k.name === kataName);
  if (!kata)
    throw new UserError(
      `Unknown kata '${kataName}' in ${chapter.id}; choose one of: ${chapter.katas.map((k) => k.name).join(', ')}.`,
      2,
    );
  return [kata];
}

/** Restores the given katas; `confirm` is asked once, with the files that would be overwritten. */
export async function resetKatas(
  chapter: ChapterEntry,
  katas: KataEntry[],
  confirm: (question: string) => Promise<boolean>,
  print: (line: string) => void,
  root = REPO_ROOT,
): Promise<number> {
  const file = (k: KataEntry) => path.join(root, 'katas', chapter.dir, k.file);
  const changed = katas.filter((k) => {
    try {
      return gitBlobHash(readFileSync(file(k))) !== k.pristine;
    } catch {
      return true;
    }
  });
  katas.filter((k) => !changed.includes(k)).forEach((k) => print(`${kataLabel(chapter, k)} is already pristine`));
  if (!changed.length) return 0;
  const pristine = changed.map((k) => readGitBlob(k.pristine, root));
  const names = changed.map((k) => path.relative(root, file(k))).join(', ');
  if (!(await confirm(`Overwrite ${names} with the pristine stub? Your changes will be lost. [y/N] `)))
    throw new UserError('Nothing was reset.');
  const state = loadState();
  changed.forEach((k, i) => {
    writeFileSync(file(k), pristine[i]!);
    delete state.results[kataLabel(chapter, k)];
    delete state.hintsShown[kataLabel(chapter, k)];
    print(`${kataLabel(chapter, k)}: restored ${path.relative(root, file(k))}`);
  });
  saveState(state);
  return changed.length;
}
