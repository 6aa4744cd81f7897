import type * as tf from '@tensorflow/tfjs';
import { todo } from '../../lib/kata';

/**
 * Logistic regression: the probability that each point belongs to class 1 ("infected").
 *
 * @param x points, shape [N, 2]
 * @param w weights (w1, w2), shape [2, 1]
 * @param w0 bias, shape [1]
 * @returns p = sigmoid(x·w + w0), shape [N, 1], every entry in [0, 1]
 */
export function probability(x: tf.Tensor2D, w: tf.Tensor2D, w0: tf.Tensor1D): tf.Tensor2D {
  // TODO(kata ch2/model): return p = sigmoid(x·w + w0), shape [N, 1], leaving no other tensor behind.
  return todo('ch2/model', 'return p = sigmoid(x·w + w0)');
}
