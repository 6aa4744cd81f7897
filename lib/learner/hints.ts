/**
 * Tiered hints: each request reveals one more of the kata's hints from the manifest (gentlest
 * first) and remembers how many were shown, so the next request goes one step further.
 */
import { kataLabel, type ChapterEntry, type KataEntry } from '../manifest';

import type { LearnerState } from './state';

export interface HintReveal {
  /** The hints shown so far, this one last. */
  shown: string[];
  total: number;
}

export function revealNextHint(state: LearnerState, chapter: ChapterEntry, kata: KataEntry): HintReveal {
  const key = kataLabel(chapter, kata);
  const count = Math.min((state.hintsShown[key] ?? 0) + 1, kata.hints.length);
  state.hintsShown[key] = count;
  return { shown: kata.hints.slice(0, count), total: kata.hints.length };
}

export function formatHints({ shown, total }: HintReveal): string[] {
  const lines = shown.map((hint, i) => `Hint ${i + 1} of ${total}: ${hint}`);
  lines.push(
    shown.length < total
      ? `(run the same command again for hint ${shown.length + 1})`
      : '(that was the last hint; the README of the chapter has the maths)',
  );
  return lines;
}
