import * as tf from '@tensorflow/tfjs';
import { featureMatrix } from './data';
import { predict } from './model';

/**
 * The fitted curve: the model's temperature at each of the given months (for a plot, a fine grid).
 *
 * @param w fitted parameters, shape [K, 1] (polynomial degree K − 1)
 * @param months where to evaluate, any real numbers
 * @returns one predicted temperature per month
 */
export function predictTemperatures(w: tf.Tensor2D, months: readonly number[]): number[] {
  return tf.tidy(() => Array.from(predict(featureMatrix(months, w.shape[0] - 1), w).dataSync()));
}
