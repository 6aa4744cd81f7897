/**
 * `MaxPoolGrad` (./MaxPoolGrad) against the cpu backend: the general loop, the 2×2/2 loop and its
 * SIMD form, with all-negative windows, ties, NaN and −∞.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withRoutes } from '../options';
import {
  bookPool,
  bookPoolCase,
  bookPoolInput,
  LARGE_BOOK_POOL,
  maxPoolOf,
  poolCase,
  poolHasOutput,
  poolInput,
} from '../testing/pool-cases';
import { expectSameBits, onThreadedWasm, onThreadsAndAlone } from '../testing/threaded-wasm';
import { compare, gradientsOn, weightedSum } from '../testing/wasm-vs-cpu';

/** Each property draws fresh shapes; 30 runs keep the file to a few seconds. */
const RUNS = 30;

const poolGrad = (x: tf.Tensor) => weightedSum(bookPool(x));

onThreadedWasm();

describe('MaxPoolGrad on wasm', () => {
  it('should route gradients as the cpu backend does for any window, stride and padding', async () => {
    await fc.assert(
      fc.asyncProperty(poolCase(), async (c) => {
        fc.pre(poolHasOutput(c));
        await compare((x) => weightedSum(maxPoolOf(c)(x)), [poolInput(c)]);
      }),
      { numRuns: RUNS },
    );
  });

  it('should route the 2×2 stride-2 gradient as the cpu backend does, for odd and even sides', async () => {
    await fc.assert(
      fc.asyncProperty(poolCase(fc.constant(2), fc.constant(2)), async (c) => {
        fc.pre(poolHasOutput(c));
        await compare((x) => weightedSum(maxPoolOf(c)(x)), [poolInput(c)]);
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
      fc.asyncProperty(bookPoolCase, async (c) => {
        const input = [bookPoolInput(c)];
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
      fc.asyncProperty(bookPoolCase, async (c) => {
        const { shape, data } = bookPoolInput(c);
        const x = tf.tensor(data, shape);
        const [threaded, alone] = onThreadsAndAlone(() => tf.grad(poolGrad)(x));
        x.dispose();
        expectSameBits(threaded, alone);
      }),
      { numRuns: RUNS },
    );
  });

  it('should give the same bits on threads as alone for a gradient large enough for the threads', () => {
    const { shape, data } = bookPoolInput(LARGE_BOOK_POOL);
    const x = tf.tensor(data, shape);
    const [threaded, alone] = onThreadsAndAlone(() => tf.grad(poolGrad)(x));
    x.dispose();
    expectSameBits(threaded, alone);
  });
});
