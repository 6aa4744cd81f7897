/**
 * `MaxPoolGrad` (./MaxPoolGrad) against the cpu backend: the general loop, the 2×2/2 loop and its
 * SIMD form, with all-negative windows, ties, NaN and −∞.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withRoutes } from '../options';
import { outSide } from '../testing/conv-cases';
import { expectSameBits, onThreadsAndAlone, onThreadedWasm } from '../testing/threaded-wasm';
import { compare, gradientsOn, type Sign, values, weightedSum } from '../testing/wasm-vs-cpu';

/** Each property draws fresh shapes; 30 runs keep the file to a few seconds. */
const RUNS = 30;
/** Sides up to 9 cover SAME/VALID edge windows at strides 1–3. */
const MAX_SIDE = 9;
const MAX_STRIDE = 3;
/** Values drawn from a small set with repeats, so that ties, NaN windows and −∞ windows are common. */
const SPECIAL = [Number.NaN, Number.NEGATIVE_INFINITY, -1, -0, 0, 1, 2];

const poolCase = (filter: fc.Arbitrary<number>, stride: fc.Arbitrary<number>) =>
  fc.record({
    batch: fc.integer({ min: 1, max: 2 }),
    height: fc.integer({ min: 1, max: MAX_SIDE }),
    width: fc.integer({ min: 1, max: MAX_SIDE }),
    channels: fc.integer({ min: 1, max: 6 }),
    filter,
    stride,
    pad: fc.constantFrom<'same' | 'valid'>('same', 'valid'),
    sign: fc.constantFrom<Sign>('mixed', 'negative', 'ties'),
    seed: fc.nat(1_000_000),
  });

/** Book-shaped 2×2 pools of even sides and channels in fours (the SIMD route) over special values. */
const specialCase = fc.record({
  batch: fc.integer({ min: 1, max: 2 }),
  halfHeight: fc.integer({ min: 1, max: 4 }),
  halfWidth: fc.integer({ min: 1, max: 4 }),
  channelGroups: fc.integer({ min: 1, max: 3 }),
  seed: fc.nat(1_000_000),
});

function specialInput(c: typeof specialCase extends fc.Arbitrary<infer T> ? T : never) {
  const shape = [c.batch, 2 * c.halfHeight, 2 * c.halfWidth, 4 * c.channelGroups];
  const picks = values(
    shape.reduce((p, q) => p * q),
    c.seed,
    'mixed',
  );
  return { shape, data: Float32Array.from(picks, (v) => SPECIAL[Math.abs(Math.floor(v * 1000)) % SPECIAL.length]!) };
}

const poolGrad = (x: tf.Tensor) => weightedSum(tf.maxPool(x as tf.Tensor4D, 2, 2, 'same'));

onThreadedWasm();

describe('MaxPoolGrad on wasm', () => {
  it('should route gradients as the cpu backend does for any window, stride and padding', async () => {
    await fc.assert(
      fc.asyncProperty(poolCase(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: MAX_STRIDE })), async (c) => {
        fc.pre(outSide(c.height, c.filter, c.stride, 0, 0, c.pad) >= 1);
        fc.pre(outSide(c.width, c.filter, c.stride, 0, 0, c.pad) >= 1);
        const shape = [c.batch, c.height, c.width, c.channels];
        const data = values(
          shape.reduce((p, q) => p * q),
          c.seed,
          c.sign,
        );
        await compare((x) => weightedSum(tf.maxPool(x as tf.Tensor4D, c.filter, c.stride, c.pad)), [{ shape, data }]);
      }),
      { numRuns: RUNS },
    );
  });

  it('should route the 2×2 stride-2 gradient as the cpu backend does, for odd and even sides', async () => {
    await fc.assert(
      fc.asyncProperty(poolCase(fc.constant(2), fc.constant(2)), async (c) => {
        fc.pre(outSide(c.height, 2, 2, 0, 0, c.pad) >= 1 && outSide(c.width, 2, 2, 0, 0, c.pad) >= 1);
        const shape = [c.batch, c.height, c.width, c.channels];
        const data = values(
          shape.reduce((p, q) => p * q),
          c.seed,
          c.sign,
        );
        await compare((x) => weightedSum(tf.maxPool(x as tf.Tensor4D, 2, 2, c.pad)), [{ shape, data }]);
      }),
      { numRuns: RUNS },
    );
  });

  it('should route a 2×2 pool of an all-negative image to each window maximum (stock 4.22 does not)', async () => {
    // The stock kernel starts its running maximum at the smallest positive float, so that every
    // window ≤ 0 sends its gradient to its last element instead.
    const input = [{ shape: [1, 2, 2, 1], data: new Float32Array([-3, -1, -2, -4]) }];
    const [grad] = await gradientsOn('wasm', (t) => tf.sum(tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid')), input);
    expect(Array.from(grad!)).toEqual([0, 1, 0, 0]);
  });

  it('should route in WebAssembly SIMD exactly as the JavaScript loop, NaN and −∞ windows included', async () => {
    await fc.assert(
      fc.asyncProperty(specialCase, async (c) => {
        const input = [specialInput(c)];
        const simd = await gradientsOn('wasm', poolGrad, input);
        const loop = await withRoutes({ simdMaxPoolGrad: false }, () => gradientsOn('wasm', poolGrad, input));
        const bits = (a: Float32Array[]) => a.map((g) => Array.from(new Uint32Array(g.buffer)));
        expect(bits(simd)).toEqual(bits(loop));
      }),
      { numRuns: RUNS },
    );
  });

  it('should give the same bits on the pool’s threads as on the main thread alone', async () => {
    await tf.setBackend('wasm');
    await fc.assert(
      fc.asyncProperty(specialCase, async (c) => {
        const { shape, data } = specialInput(c);
        const x = tf.tensor(data, shape);
        const [threaded, alone] = onThreadsAndAlone(() => tf.grad(poolGrad)(x));
        x.dispose();
        expectSameBits(threaded, alone);
      }),
      { numRuns: RUNS },
    );
  });
});
