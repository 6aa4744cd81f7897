import * as tf from '@tensorflow/tfjs';

/**
 * Probabilities are kept in [FLOOR, 1 − FLOOR] before the logarithm, so that a prediction that
 * reached exactly 1 or 0 in float32 (sigmoid(f) rounds to 1 for f ≳ 17, to 0 for f ≲ −104) costs a
 * large but finite amount instead of log(0) = −∞ and 0·(−∞) = NaN. 1e-7 is TensorFlow.js's float32 epsilon; the book's
 * data
 * never comes this close, so its numbers are unchanged.
 */
export const PROBABILITY_FLOOR = 1e-7;

/**
 * The error function: binary cross-entropy summed over the set, the book's
 * −Σ[t·log p + (1 − t)·log(1 − p)], with p clipped to [FLOOR, 1 − FLOOR].
 *
 * @param p predicted probabilities of class 1, shape [N, 1]
 * @param t targets 0 or 1, shape [N, 1]
 * @returns the summed loss, a scalar ≥ 0
 */
export function crossEntropyLoss(p: tf.Tensor2D, t: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const safe = tf.clipByValue(p, PROBABILITY_FLOOR, 1 - PROBABILITY_FLOOR);
    const perPoint = tf.add(tf.mul(t, tf.log(safe)), tf.mul(tf.sub(1, t), tf.log(tf.sub(1, safe))));
    return tf.neg(tf.sum(perPoint)) as tf.Scalar;
  });
}
