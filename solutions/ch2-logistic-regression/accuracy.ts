import * as tf from '@tensorflow/tfjs';

/**
 * The share of points classified correctly, as the book computes it: a point counts when
 * sign(p − 0.5) equals sign(t − 0.5). A probability of exactly 0.5 has sign 0 and counts as wrong.
 *
 * @param p predicted probabilities of class 1, shape [N, 1]
 * @param t targets 0 or 1, shape [N, 1]
 * @returns the accuracy, a scalar in [0, 1]
 */
export function accuracy(p: tf.Tensor2D, t: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.sign(tf.sub(p, 0.5)), tf.sign(tf.sub(t, 0.5))), 'float32')));
}
