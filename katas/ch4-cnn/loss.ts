import * as tf from '@tensorflow/tfjs';
import { todo } from '../../lib/kata';

/**
 * The book's loss exactly as written, −Σ t·log(softmax(z)). Kept to show why it fails: once a
 * probability underflows to 0 (a logit gap above ~104 in float32), log 0 = −∞ and 0·(−∞) = NaN.
 *
 * @param logits shape [N, 10]
 * @param t one-hot labels, shape [N, 10]
 * @returns a scalar, NaN or ∞ for confident predictions
 */
export function naiveCrossEntropy(logits: tf.Tensor2D, t: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.neg(tf.sum<tf.Scalar>(tf.mul(t, tf.log(tf.softmax(logits))))));
}

/**
 * Softmax cross-entropy summed over the batch, computed stably from the logits:
 * log p_k = z_k − m − log Σ_j exp(z_j − m) with m = max_j z_j, so no exp overflows and no log
 * sees 0.
 *
 * @param logits z, shape [N, 10]
 * @param t one-hot labels (or any rows of weights), shape [N, 10]
 * @returns −Σ_n Σ_k t_nk·log p_nk, a scalar
 */
export function crossEntropy(logits: tf.Tensor2D, t: tf.Tensor2D): tf.Scalar {
  // TODO(kata ch4/loss): return −Σ t·log softmax(z) over the batch, finite for any logits (never the
  // log of a probability that has rounded to 0).
  return todo('ch4/loss', 'return −Σ t·log softmax(z), computed stably from the logits');
}
