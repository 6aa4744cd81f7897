import type * as tf from '@tensorflow/tfjs';
import { todo } from '../../lib/kata';

/** In training, a seed for this call's mask; at test time, nothing is dropped. */
export type DropoutMode = { training: false } | { training: true; seed: number };

/**
 * Dropout as TensorFlow's `tf.nn.dropout(x, keep_prob)`: in training, each unit survives with
 * probability keepProb and survivors are scaled by 1/keepProb, so every unit's expected value is
 * unchanged and the test-time network needs no rescaling; at test time x passes through as it is.
 *
 * @param x activations, shape [N, U]
 * @param keepProb probability of keeping a unit, in (0, 1] (the book: 0.5)
 * @returns a new tensor of x's shape (the caller disposes it)
 */
export function dropout(x: tf.Tensor2D, keepProb: number, mode: DropoutMode): tf.Tensor2D {
  if (!(keepProb > 0 && keepProb <= 1)) throw new RangeError(`keepProb must be in (0, 1], got ${keepProb}`);
  // TODO(kata ch5/dropout): in training, set each unit to 0 with probability 1 − keepProb (seeded by
  // mode.seed) and scale the others by 1/keepProb; at test time return x unchanged, as a new tensor.
  return todo('ch5/dropout', 'drop units with probability 1 − keepProb in training and scale the rest by 1/keepProb');
}
