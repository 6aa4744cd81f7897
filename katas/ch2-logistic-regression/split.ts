import { todo } from '../../lib/kata';
import type { LabelledSet } from './data';

/** The book keeps the first 80% of the (already shuffled) rows for training. */
export const TRAIN_FRACTION = 0.8;

/**
 * Splits a shuffled set into a training and a test set, as `df[:num_data]` and `df[num_data:]`.
 *
 * @param set rows in random order (the split does not shuffle again)
 * @param trainFraction share of rows for training, in [0, 1]
 * @returns train: the first floor(N·trainFraction) rows, test: the rest, both in their original order
 */
export function splitTrainTest(
  set: LabelledSet,
  trainFraction = TRAIN_FRACTION,
): { train: LabelledSet; test: LabelledSet } {
  if (!(trainFraction >= 0 && trainFraction <= 1))
    throw new RangeError(`trainFraction must be in [0, 1], got ${trainFraction}`);
  // TODO(kata ch2/split): the book's num_data = int(len(df) * 0.8): return the first num_data rows
  // (points and labels) as the training set and the remaining rows as the test set.
  return todo('ch2/split', 'cut the set into its first 80% and the rest');
}
