import { todo } from '../../lib/kata';
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
  // TODO(kata ch3/field): return the network's p at every point of a size × size grid over the
  // extent, row r at the r-th x2 and column c at the c-th x1 (as the book's imshow reads it).
  return todo('ch3/field', 'evaluate the network on a size × size grid, x2 rows and x1 columns');
}
