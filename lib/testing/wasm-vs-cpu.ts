/**
 * Comparing the wasm backend's kernels with the cpu backend's: seeded inputs of a chosen sign
 * pattern, gradients on either backend, and a tolerance for float32 sums added in another order.
 */
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';

/**
 * |wasm − cpu| ≤ ABS + REL·max|cpu|: float32 sums of up to a few thousand products, added in
 * another order, differ by a few ulps of their largest terms.
 */
export const ABS_TOLERANCE = 1e-5;
export const REL_TOLERANCE = 1e-4;
export type Sign = 'mixed' | 'negative' | 'ties';

/** Seeded values of the requested sign pattern; `ties` gives small non-positive integers. */
export function values(size: number, seed: number, sign: Sign): Float32Array {
  return tf
    .tidy(() => {
      const normal = tf.randomNormal([size], 0, 1, 'float32', seed);
      if (sign === 'negative') return normal.abs().neg().dataSync() as Float32Array;
      if (sign === 'ties') return normal.mul(1.5).round().abs().neg().dataSync() as Float32Array;
      return normal.dataSync() as Float32Array;
    })
    .slice();
}

export interface Input {
  shape: number[];
  data: Float32Array;
}

/** The gradients of `f` at `inputs`, computed on `backend`, as plain arrays. */
export async function gradientsOn(
  backend: string,
  f: (...xs: tf.Tensor[]) => tf.Scalar,
  inputs: Input[],
): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const xs = inputs.map(({ shape, data }) => tf.tensor(data, shape));
    return tf
      .grads(f)(xs)
      .map((g) => g.dataSync().slice() as Float32Array);
  });
}

export function expectClose(actual: Float32Array[], expected: Float32Array[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((got, i) => {
    const want = expected[i]!;
    expect(got.length).toBe(want.length);
    let scale = 0;
    for (const v of want) scale = Math.max(scale, Math.abs(v));
    const tolerance = ABS_TOLERANCE + REL_TOLERANCE * scale;
    for (let j = 0; j < want.length; j++) {
      if (!(Math.abs(got[j]! - want[j]!) <= tolerance)) {
        throw new Error(`gradient ${i}[${j}]: wasm ${got[j]} vs cpu ${want[j]} (tolerance ${tolerance})`);
      }
    }
  });
}

export async function compare(f: (...xs: tf.Tensor[]) => tf.Scalar, inputs: Input[]): Promise<void> {
  const wasm = await gradientsOn('wasm', f, inputs);
  const cpu = await gradientsOn('cpu', f, inputs);
  expectClose(wasm, cpu);
}

/** A weighted sum, so that every output element gets its own, non-uniform upstream gradient. */
export function weightedSum(y: tf.Tensor): tf.Scalar {
  const weights = tf.linspace(-1, 2, y.size).reshape(y.shape);
  return tf.sum(tf.mul(y, weights));
}
