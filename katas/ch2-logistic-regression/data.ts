import * as tf from '@tensorflow/tfjs';
import { todo } from '../../lib/kata';
import type { RandomState } from '../../lib/numpy-random';

/** `np.random.seed(20180311)`: the seed the book's chapter 2 draws its data from. */
export const BOOK_SEED = 20180311;

/**
 * A labelled point set, the book's DataFrame with columns x1, x2, t: row i is the point x[i] = [x1, x2]
 * with the label t[i] (1 for "infected", 0 for "normal").
 */
export interface LabelledSet {
  x: number[][];
  t: number[];
}

/** One Gaussian block as the book draws it: n points around `mean` with covariance variance·I, all labelled `label`. */
export interface BlockSpec {
  n: number;
  mean: readonly [number, number];
  variance: number;
  label: number;
}

/** The book's class 0 ("Normal"): 20 points around (10, 11), variance 20. */
export const CLASS0_BLOCK: BlockSpec = { n: 20, mean: [10, 11], variance: 20, label: 0 };
/** The book's class 1 ("Infected"): 15 points around (18, 20), variance 22. */
export const CLASS1_BLOCK: BlockSpec = { n: 15, mean: [18, 20], variance: 22, label: 1 };
/** The train/test experiment draws the same two classes, 40 times as many: 800 and 600 points. */
export const SPLIT_BLOCKS: readonly BlockSpec[] = [
  { ...CLASS0_BLOCK, n: 800 },
  { ...CLASS1_BLOCK, n: 600 },
];

/**
 * One labelled Gaussian block: `multivariate_normal(mean, np.eye(2) * variance, n)` with the column t.
 *
 * @param rs the generator; the draws continue its stream, exactly as numpy's would
 * @param block how many points, around which mean, with which variance and label
 * @returns n rows x[i] = [x1, x2] (float64, as numpy keeps them) and n labels t[i] = block.label
 */
export function gaussianBlock(rs: RandomState, block: BlockSpec): LabelledSet {
  const { n, mean, variance, label } = block;
  // TODO(kata ch2/data): return block.n points drawn from rs as the book's 2-D normal around block.mean
  // with covariance block.variance·I, each labelled block.label.
  return todo('ch2/data', 'draw a labelled Gaussian block');
}

/** The set as float32 tensors, as the book feeds it to its placeholders: x [N, 2] and t [N, 1]. */
export function toTensors(set: LabelledSet): { x: tf.Tensor2D; t: tf.Tensor2D } {
  return { x: tf.tensor2d(set.x.flat(), [set.x.length, 2]), t: tf.tensor2d(set.t, [set.t.length, 1]) };
}
