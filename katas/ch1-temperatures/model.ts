import type * as tf from '@tensorflow/tfjs';
import { todo } from '../../lib/kata';

/**
 * The model: the predicted temperature of each month is its feature row times the parameters.
 *
 * @param x features, shape [N, K] (K = degree + 1)
 * @param w parameters w0..w_{K-1}, shape [K, 1]
 * @returns y = x·w, shape [N, 1]
 */
export function predict(x: tf.Tensor2D, w: tf.Tensor2D): tf.Tensor2D {
  // TODO(kata ch1/model): return the predictions y = x·w, shape [N, 1].
  return todo('ch1/model', 'return y = x·w');
}
