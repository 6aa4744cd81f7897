/**
 * A seeded truncated normal, the initialiser of `tf.truncated_normal(shape)` in TF 1.x: standard
 * normals, each one with |z| > 2 dropped and drawn again, then scaled by `stddev`. Introduced by the
 * chapter 3 katas (hidden-layer weights).
 *
 * TensorFlow draws from its own Philox generator, which no other library reproduces, so the book's
 * initial weights cannot be matched. This one draws from numpy's legacy `RandomState` instead
 * (`lib/numpy-random.ts`), so the same seed gives the same weights on every backend and machine,
 * and in Python: `z = rs.standard_normal()` repeated until `abs(z) <= 2`, row by row.
 */
import type { RandomState } from './numpy-random';

/** TF's truncation: two standard deviations. */
export const TRUNCATE_AT = 2;

/**
 * A rows × cols matrix (row-major) of truncated normals drawn from `rs`, continuing its stream.
 * Each entry lies in [−2·stddev, 2·stddev].
 */
export function truncatedNormal(rs: RandomState, rows: number, cols: number, stddev = 1): number[] {
  if (!(Number.isInteger(rows) && Number.isInteger(cols) && rows >= 0 && cols >= 0)) {
    throw new RangeError(`shape must be whole numbers ≥ 0, got [${rows}, ${cols}]`);
  }
  const out: number[] = [];
  for (let i = 0; i < rows * cols; i++) {
    let z: number;
    do z = rs.nextGauss();
    while (Math.abs(z) > TRUNCATE_AT);
    out.push(z * stddev);
  }
  return out;
}
