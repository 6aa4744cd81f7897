import { todo } from '../../lib/kata';
import { RandomState } from '../../lib/numpy-random';
import {
  BOOK_SEED,
  CLASS0_BLOCK,
  CLASS1_BLOCK,
  gaussianBlock,
  SPLIT_BLOCKS,
  type BlockSpec,
  type LabelledSet,
} from './data';

/** `pd.concat(sets, ignore_index=True)`: the rows of every set, in order. */
export function concatSets(sets: readonly LabelledSet[]): LabelledSet {
  return { x: sets.flatMap((s) => s.x), t: sets.flatMap((s) => s.t) };
}

/**
 * `df.reindex(permutation(df.index)).reset_index(drop=True)`: the rows in a random order, each point
 * keeping its label.
 *
 * @param rs the generator; one `permutation(N)` is drawn from it
 * @returns row i of the result is row perm[i] of `set`, where perm = rs.permutation(N)
 */
export function permuteRows(rs: RandomState, set: LabelledSet): LabelledSet {
  // TODO(kata ch2/dataset): return the rows of `set` in the order of one draw of rs's permutation of N
  // (row i is row perm[i]), each label with its point.
  return todo('ch2/dataset', 'reorder the rows by rs.permutation(N)');
}

/** Draws the blocks in order from `rs`, concatenates them and permutes the rows: the book's `train_set`. */
function drawShuffled(rs: RandomState, blocks: readonly BlockSpec[]): LabelledSet {
  return permuteRows(rs, concatSets(blocks.map((b) => gaussianBlock(rs, b))));
}

/**
 * The chapter's 35 training points: class 0 then class 1 drawn from `rs`, concatenated, permuted.
 * A fresh `RandomState(BOOK_SEED)` gives the book's table; pass your own to continue a stream.
 */
export function bookTrainingSet(rs: RandomState = new RandomState(BOOK_SEED)): LabelledSet {
  return drawShuffled(rs, [CLASS0_BLOCK, CLASS1_BLOCK]);
}

/**
 * The 1400 points of the train/test experiment, drawn the same way. The book does not reseed: pass
 * the generator `bookTrainingSet` used, so the stream continues where the 35 points left it.
 */
export function splitExperimentSet(rs: RandomState): LabelledSet {
  return drawShuffled(rs, SPLIT_BLOCKS);
}
