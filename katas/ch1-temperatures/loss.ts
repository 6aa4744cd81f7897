import type * as tf from '@tensorflow/tfjs';
import { todo } from '../../lib/kata';

/**
 * The error function: the sum of squared differences between prediction and target.
 *
 * @param y predictions, shape [N, 1]
 * @param t targets, shape [N, 1]
 * @returns Σ (y − t)², a scalar
 */
export function squaredErrorLoss(y: tf.Tensor2D, t: tf.Tensor2D): tf.Scalar {
  // TODO(kata ch1/loss): return the scalar Σ (y − t)², leaving no other tensor behind.
  return todo('ch1/loss', 'return Σ (y − t)² as a scalar');
}
