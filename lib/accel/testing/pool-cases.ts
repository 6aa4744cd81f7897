/**
 * Random poolings for the max-pool kernels' properties: any window, stride and padding over
 * seeded values of a sign pattern, and the book's 2×2/2 shape (the SIMD route) over values drawn
 * from a small set with repeats, so that ties, NaN windows and −∞ windows are common.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { outSide } from './conv-cases';
import { type Input, type Sign, values } from './wasm-vs-cpu';

/** Sides up to 9 cover SAME/VALID edge windows at strides 1–3. */
const MAX_SIDE = 9;
const MAX_STRIDE = 3;
const SPECIAL = [Number.NaN, Number.NEGATIVE_INFINITY, -1, -0, 0, 1, 2];

export const poolCase = (filter = fc.integer({ min: 1, max: 3 }), stride = fc.integer({ min: 1, max: MAX_STRIDE })) =>
  fc.record({
    batch: fc.integer({ min: 1, max: 2 }),
    height: fc.integer({ min: 1, max: MAX_SIDE }),
    width: fc.integer({ min: 1, max: MAX_SIDE }),
    channels: fc.integer({ min: 1, max: 9 }),
    filter,
    stride,
    pad: fc.constantFrom<'same' | 'valid'>('same', 'valid'),
    sign: fc.constantFrom<Sign>('mixed', 'negative', 'ties'),
    seed: fc.nat(1_000_000),
  });
export type PoolCase = typeof poolCase extends (...args: never[]) => fc.Arbitrary<infer T> ? T : never;

/** Whether the pooling has at least one output (the properties keep only those). */
export const poolHasOutput = (c: PoolCase) =>
  outSide(c.height, c.filter, c.stride, 0, 0, c.pad) >= 1 && outSide(c.width, c.filter, c.stride, 0, 0, c.pad) >= 1;

export function poolInput(c: PoolCase): Input {
  const shape = [c.batch, c.height, c.width, c.channels];
  return {
    shape,
    data: values(
      shape.reduce((p, q) => p * q),
      c.seed,
      c.sign,
    ),
  };
}

export const maxPoolOf = (c: PoolCase) => (x: tf.Tensor) => tf.maxPool(x as tf.Tensor4D, c.filter, c.stride, c.pad);

/** The book's 2×2/2 pooling over even sides and channels in fours, over special values. */
export const bookPoolCase = fc.record({
  batch: fc.integer({ min: 1, max: 3 }),
  halfHeight: fc.integer({ min: 1, max: 7 }),
  halfWidth: fc.integer({ min: 1, max: 7 }),
  channelGroups: fc.integer({ min: 1, max: 4 }),
  seed: fc.nat(1_000_000),
});
export type BookPoolCase = typeof bookPoolCase extends fc.Arbitrary<infer T> ? T : never;

export function bookPoolInput(c: BookPoolCase): Input {
  const shape = [c.batch, 2 * c.halfHeight, 2 * c.halfWidth, 4 * c.channelGroups];
  const picks = values(
    shape.reduce((p, q) => p * q),
    c.seed,
    'mixed',
  );
  return { shape, data: Float32Array.from(picks, (v) => SPECIAL[Math.abs(Math.floor(v * 1000)) % SPECIAL.length]!) };
}

export const bookPool = (x: tf.Tensor) => tf.maxPool(x as tf.Tensor4D, 2, 2, 'same');

/** A book pooling of 2M values, large enough for the pool's threads. */
export const LARGE_BOOK_POOL: BookPoolCase = { batch: 2, halfHeight: 32, halfWidth: 32, channelGroups: 64, seed: 7 };
