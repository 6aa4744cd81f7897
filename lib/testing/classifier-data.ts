/**
 * The chapter 2 and 3 datasets drawn straight from numpy's RandomState, for the training tests of
 * those chapters: a test of a training loop must not depend on the learner's data katas (a stub
 * throwing there would hide what the training kata does).
 */
import * as tf from '@tensorflow/tfjs';
import type { RandomState } from '../numpy-random';

export interface PointSet {
  x: number[][];
  t: number[];
}

/** [n, mean, variance, label], the arguments of the book's `generate_datablock`. */
export type Block = readonly [n: number, mean: readonly [number, number], variance: number, label: number];

export const CH2_BLOCKS: readonly Block[] = [
  [20, [10, 11], 20, 0],
  [15, [18, 20], 22, 1],
];
export const CH3_BLOCKS: readonly Block[] = [
  [15, [7, 7], 22, 0],
  [15, [22, 7], 22, 0],
  [10, [7, 22], 22, 0],
  [25, [20, 20], 22, 1],
];
export const XOR_BLOCKS: readonly Block[] = [
  [30, [-7, -7], 18, 1],
  [30, [-7, 7], 18, 0],
  [30, [7, -7], 18, 0],
  [30, [7, 7], 18, 1],
];

/** The blocks drawn in order, concatenated, then permuted, all from `rs`: the book's `train_set`. */
export function drawShuffled(rs: RandomState, blocks: readonly Block[]): PointSet {
  const x: number[][] = [];
  const t: number[] = [];
  for (const [n, mean, variance, label] of blocks) {
    for (const row of rs.multivariateNormal(
      mean,
      [
        [variance, 0],
        [0, variance],
      ],
      n,
    )) {
      x.push(row);
      t.push(label);
    }
  }
  const order = rs.permutation(x.length);
  return { x: order.map((i) => x[i]!), t: order.map((i) => t[i]!) };
}

/** float32 tensors x [N, 2] and t [N, 1]; the caller disposes them. */
export function tensorsOf(set: PointSet): { x: tf.Tensor2D; t: tf.Tensor2D } {
  return { x: tf.tensor2d(set.x.flat(), [set.x.length, 2]), t: tf.tensor2d(set.t, [set.t.length, 1]) };
}

/** The share of the larger class: the accuracy of always answering that class, i.e. chance. */
export function chanceAccuracy(t: readonly number[]): number {
  const ones = t.filter((v) => v === 1).length;
  return Math.max(ones, t.length - ones) / t.length;
}

/** The book's `mult`: the mean of every input coordinate. */
export function meanInput(set: PointSet): number {
  const values = set.x.flat();
  return values.reduce((s, v) => s + v, 0) / values.length;
}
