import type * as tf from '@tensorflow/tfjs';
import { todo } from '../../lib/kata';

/**
 * The share of points classified correctly, as the book computes it: a point counts when
 * sign(p − 0.5) equals sign(t − 0.5). A probability of exactly 0.5 has sign 0 and counts as wrong.
 *
 * @param p predicted probabilities of class 1, shape [N, 1]
 * @param t targets 0 or 1, shape [N, 1]
 * @returns the accuracy, a scalar in [0, 1]
 */
export function accuracy(p: tf.Tensor2D, t: tf.Tensor2D): tf.Scalar {
  // TODO(kata ch2/accuracy): return the share of points on the right side of 0.5, where
  // sign(p − 0.5) = sign(t − 0.5), as a scalar (a p of exactly 0.5 counts as wrong).
  return todo('ch2/accuracy', 'return the share of points where sign(p − 0.5) = sign(t − 0.5)');
}
