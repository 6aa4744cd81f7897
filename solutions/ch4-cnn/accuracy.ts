import * as tf from '@tensorflow/tfjs';

/**
 * Categorical accuracy: the fraction of rows whose highest score is in the labelled class.
 * Scores may be logits or probabilities: softmax keeps the order, so the argmax is the same.
 *
 * @param scores shape [N, 10]
 * @param t one-hot labels, shape [N, 10]
 * @returns mean(argmax(scores) == argmax(t)), a scalar in [0, 1]
 */
export function accuracy(scores: tf.Tensor2D, t: tf.Tensor2D): tf.Scalar {
  // argMax along axis 1 is each row's class; equal → bool, cast to 0/1, and the mean is the fraction right.
  return tf.tidy(() => tf.mean(tf.cast(tf.equal(tf.argMax(scores, 1), tf.argMax(t, 1)), 'float32')));
}
