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

/**
 * Seeded standard-normal values of the requested sign pattern; `ties` gives small non-positive
 * integers. A small generator of its own (mulberry32 and Box–Muller): tf.randomNormal takes ~1.4 µs
 * a value, which dominated the large-tensor properties.
 */
export function values(size: number, seed: number, sign: Sign): Float32Array {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    const normal = Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
    out[i] = sign === 'negative' ? -Math.abs(normal) : sign === 'ties' ? -Math.abs(Math.round(1.5 * normal)) : normal;
  }
  return out;
}

export interface Input {
  shape: number[];
  data: Float32Array;
}

/**
 * The gradients of `f` at `inputs` with respect to the inputs numbered `wrt` (default: all),
 * computed on `backend`, as plain arrays.
 */
export async function gradientsOn(
  backend: string,
  f: (...xs: tf.Tensor[]) => tf.Scalar,
  inputs: Input[],
  wrt: number[] = inputs.map((_, i) => i),
): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  return readBack(() => {
    const xs = inputs.map(({ shape, data }) => tf.tensor(data, shape));
    const withChosen = (...chosen: tf.Tensor[]) =>
      f(...xs.map((x, i) => (wrt.includes(i) ? chosen[wrt.indexOf(i)]! : x)));
    return tf.grads(withChosen)(wrt.map((i) => xs[i]!));
  });
}

/**
 * The values of the tensors `f` makes, every tensor made along the way freed. (tf.tidy walks what
 * its function returns, element by element: returning the arrays themselves from it took seconds
 * for millions of values.)
 */
export function readBack(f: () => tf.Tensor | tf.Tensor[]): Float32Array[] {
  let values: Float32Array[] = [];
  tf.tidy(() => {
    const out = f();
    values = (Array.isArray(out) ? out : [out]).map((y) => y.dataSync().slice() as Float32Array);
  });
  return values;
}

/** The values of `f(inputs)` computed on `backend`, as plain arrays. */
export async function valuesOn(
  backend: string,
  f: (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[],
  inputs: Input[],
): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  return readBack(() => f(...inputs.map(({ shape, data }) => tf.tensor(data, shape))));
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
        throw new Error(`output ${i}[${j}]: wasm ${got[j]} vs cpu ${want[j]} (tolerance ${tolerance})`);
      }
    }
  });
}

/** The gradients of `f` (with respect to the inputs numbered `wrt`) on wasm are the cpu backend's. */
export async function compare(f: (...xs: tf.Tensor[]) => tf.Scalar, inputs: Input[], wrt?: number[]): Promise<void> {
  const wasm = await gradientsOn('wasm', f, inputs, wrt);
  const cpu = await gradientsOn('cpu', f, inputs, wrt);
  expectClose(wasm, cpu);
}

/** The values of `f` on wasm are the cpu backend's. */
export async function compareValues(f: (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[], inputs: Input[]) {
  expectClose(await valuesOn('wasm', f, inputs), await valuesOn('cpu', f, inputs));
}

/** A weighted sum, so that every output element gets its own, non-uniform upstream gradient. */
export function weightedSum(y: tf.Tensor): tf.Scalar {
  const weights = tf.linspace(-1, 2, y.size).reshape(y.shape);
  return tf.sum(tf.mul(y, weights));
}
