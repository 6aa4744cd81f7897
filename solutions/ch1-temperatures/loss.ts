import * as tf from '@tensorflow/tfjs';

/**
 * The error function: the sum of squared differences between prediction and target.
 *
 * @param y predictions, shape [N, 1]
 * @param t targets, shape [N, 1]
 * @returns Σ (y − t)², a scalar
 */
export function squaredErrorLoss(y: tf.Tensor2D, t: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.square(tf.sub(y, t))));
}
