import * as tf from '@tensorflow/tfjs';
import { todo } from '../../lib/kata';

/** Mean temperature of each month, January to December (°C): the book's training targets. */
export const MONTHLY_TEMPERATURES: readonly number[] = [
  5.2, 5.7, 8.6, 14.9, 18.2, 20.4, 25.5, 26.4, 22.8, 17.5, 11.1, 6.6,
];
/** The months 1..12 the temperatures belong to. */
export const MONTHS: readonly number[] = MONTHLY_TEMPERATURES.map((_, i) => i + 1);
/** The book fits a polynomial of degree 4: five parameters w0..w4. */
export const BOOK_DEGREE = 4;

/** The targets t as a column: shape [12, 1]. */
export function temperatureTargets(): tf.Tensor2D {
  return tf.tensor2d([...MONTHLY_TEMPERATURES], [MONTHLY_TEMPERATURES.length, 1]);
}

/**
 * The polynomial features of each month: row r is [1, m, m², …, m^degree] for m = months[r].
 *
 * @param months any real numbers (the book uses 1..12)
 * @param degree highest power, a whole number ≥ 0 (the book uses 4)
 * @returns x, shape [months.length, degree + 1], with x[r][n] = months[r]^n
 */
export function featureMatrix(months: readonly number[], degree: number = BOOK_DEGREE): tf.Tensor2D {
  if (!Number.isInteger(degree) || degree < 0) throw new RangeError(`degree must be a whole number ≥ 0, got ${degree}`);
  // TODO(kata ch1/data): return the features, one row [1, m, m², …, m^degree] per month: a float32
  // tensor of shape [months.length, degree + 1].
  return todo('ch1/data', 'build the rows [1, m, m², …, m^degree] of featureMatrix');
}
