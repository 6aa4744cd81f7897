import * as tf from '@tensorflow/tfjs';

/**
 * The model: the predicted temperature of each month is its feature row times the parameters.
 *
 * @param x features, shape [N, K] (K = degree + 1)
 * @param w parameters w0..w_{K-1}, shape [K, 1]
 * @returns y = x·w, shape [N, 1]
 */
export function predict(x: tf.Tensor2D, w: tf.Tensor2D): tf.Tensor2D {
  return tf.matMul(x, w);
}
