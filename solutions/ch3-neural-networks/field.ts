import * as tf from '@tensorflow/tfjs';
import type { Network } from './network';

/** The plotted square: [x1 from, x1 to, x2 from, x2 to], as matplotlib's `extent`. */
export type Extent = readonly [number, number, number, number];

/** The book's grid: 100 × 100 points. */
export const GRID_SIZE = 100;

/** `np.linspace(lo, hi, n)`: n evenly spaced numbers from lo to hi, both included. */
export function linspace(lo: number, hi: number, n: number): number[] {
  if (n === 1) return [lo];
  const step = (hi - lo) / (n - 1);
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? hi : lo + i * step));
}

/**
 * The network's probability over a size × size grid, for shading the plane as the book does:
 * the point of row r, column c is (x1, x2) = (linspace(x1 range)[c], linspace(x2 range)[r]).
 *
 * @param network anything with `probability(x [N, 2]) → [N, 1]`
 * @param extent the square to cover
 * @returns size² probabilities, row-major with row 0 at the lowest x2 (imshow's origin='lower')
 */
export function probabilityField(
  network: Pick<Network, 'probability'>,
  extent: Extent,
  size = GRID_SIZE,
): Float32Array {
  const x1s = linspace(extent[0], extent[1], size);
  const x2s = linspace(extent[2], extent[3], size);
  const locations = x2s.flatMap((x2) => x1s.flatMap((x1) => [x1, x2]));
  return tf.tidy(() => Float32Array.from(network.probability(tf.tensor2d(locations, [size * size, 2])).dataSync()));
}
