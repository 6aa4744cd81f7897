import type * as tf from '@tensorflow/tfjs';
import { todo } from '../../lib/kata';

/**
 * The fitted curve: the model's temperature at each of the given months (for a plot, a fine grid).
 *
 * @param w fitted parameters, shape [K, 1] (polynomial degree K − 1)
 * @param months where to evaluate, any real numbers
 * @returns one predicted temperature per month
 */
export function predictTemperatures(w: tf.Tensor2D, months: readonly number[]): number[] {
  // TODO(kata ch1/predict-curve): return the fitted polynomial's value at each of `months`, as plain
  // numbers (w's shape says the degree), leaving no tensor behind.
  return todo('ch1/predict-curve', 'evaluate the fitted polynomial at each month');
}
