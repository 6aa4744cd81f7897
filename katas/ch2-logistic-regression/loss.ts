import type * as tf from '@tensorflow/tfjs';
import { todo } from '../../lib/kata';

/**
 * Probabilities are kept in [FLOOR, 1 − FLOOR] before the logarithm, so that a prediction that
 * reached exactly 1 or 0 in float32 (sigmoid(f) rounds to 1 for f ≳ 17, to 0 for f ≲ −104) costs a
 * large but finite amount instead of log(0) = −∞ and 0·(−∞) = NaN. 1e-7 is TensorFlow.js's float32 epsilon;
 * the book's data
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
  // TODO(kata ch2/loss): return the summed cross-entropy −Σ[t·log p + (1 − t)·log(1 − p)] as a scalar,
  // with p clipped into [PROBABILITY_FLOOR, 1 − PROBABILITY_FLOOR] so that it stays finite.
  return todo('ch2/loss', 'return the summed binary cross-entropy of p against t');
}
