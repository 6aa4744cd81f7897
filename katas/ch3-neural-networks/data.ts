import { todo } from '../../lib/kata';
import { RandomState } from '../../lib/numpy-random';
import type { BlockSpec, LabelledSet } from '../ch2-logistic-regression/data';
import { permuteRows } from '../ch2-logistic-regression/dataset';

/** `np.random.seed(20180311)`: the seed of the chapter's four-block data. */
export const BOOK_SEED = 20180311;
/**
 * The notebook drew the XOR-like data without a fresh seed, from a stream earlier cells had used,
 * which cannot be replayed. We draw it from a fresh RandomState(20180311) instead.
 */
export const XOR_SEED = 20180311;

/** The book's `generate_datablock` calls, in order: three blocks of class 0 around class 1 in the top right. */
export const BOOK_BLOCKS: readonly BlockSpec[] = [
  { n: 15, mean: [7, 7], variance: 22, label: 0 },
  { n: 15, mean: [22, 7], variance: 22, label: 0 },
  { n: 10, mean: [7, 22], variance: 22, label: 0 },
  { n: 25, mean: [20, 20], variance: 22, label: 1 },
];

/** The XOR-like data: class 1 in the bottom-left and top-right quadrants, class 0 in the other two. */
export const XOR_BLOCKS: readonly BlockSpec[] = [
  { n: 30, mean: [-7, -7], variance: 18, label: 1 },
  { n: 30, mean: [-7, 7], variance: 18, label: 0 },
  { n: 30, mean: [7, -7], variance: 18, label: 0 },
  { n: 30, mean: [7, 7], variance: 18, label: 1 },
];

/**
 * The book's `df`: every block drawn from `rs` in the order given, then concatenated.
 *
 * @param rs the generator; each block continues its stream, so the order of the blocks matters
 * @returns the blocks' rows one after another (Σ n rows), each with its block's label
 */
export function drawBlocks(rs: RandomState, blocks: readonly BlockSpec[]): LabelledSet {
  // TODO(kata ch3/data): return the book's df: the blocks drawn in order from the one generator rs,
  // concatenated in the same order.
  return todo('ch3/data', 'draw the blocks in order from one generator and concatenate them');
}

export interface Dataset {
  /** The blocks in order, before shuffling: the book's `df` (its `df.tail()` is printed). */
  df: LabelledSet;
  /** The rows of `df` permuted: the book's `train_set`. */
  train: LabelledSet;
}

/** Draws the blocks from a fresh RandomState(seed), then permutes the rows with the same generator. */
export function drawDataset(blocks: readonly BlockSpec[], seed: number): Dataset {
  const rs = new RandomState(seed);
  const df = drawBlocks(rs, blocks);
  return { df, train: permuteRows(rs, df) };
}

/** The chapter's 65 points (seed 20180311 gives the book's table). */
export const bookDataset = (seed = BOOK_SEED): Dataset => drawDataset(BOOK_BLOCKS, seed);
/** The 120 XOR-like points of section 3.3. */
export const xorDataset = (seed = XOR_SEED): Dataset => drawDataset(XOR_BLOCKS, seed);

/**
 * The book's `mult = train_x.flatten().mean()`: the mean of every coordinate of every training
 * point (float64, as numpy computes it). The network multiplies its biases by it.
 */
export function inputMean(set: LabelledSet): number {
  const values = set.x.flat();
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}
