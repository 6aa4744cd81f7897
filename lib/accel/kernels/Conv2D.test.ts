/**
 * `Conv2D` (./Conv2D) against the cpu backend: the SIMD tap sums and the XNNPACK route.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { withRoutes } from '../options';
import { convCase, convInputs, convOf, hasOutput } from '../testing/conv-cases';
import { expectSameBits, onThreadsAndAlone, onThreadedWasm } from '../testing/threaded-wasm';
import { compareValues, expectClose, valuesOn } from '../testing/wasm-vs-cpu';
import { MIN_SIMD_CONV_IN_CHANNELS } from './Conv2D';

/** Each property draws fresh shapes; 25 runs keep the file to a few seconds. */
const RUNS = 25;
/** Sides up to 9 with filters up to 5×5 cover SAME, VALID and explicit edge windows. */
const MAX_SIDE = 9;
const MAX_FILTER = 5;
/** In channels from the SIMD route's minimum to past one 32-group; out channels in its eights. */
const MAX_SIMD_IN_CHANNELS = 40;
const simdCase = convCase({
  maxSide: MAX_SIDE,
  inChannels: fc.integer({ min: MIN_SIMD_CONV_IN_CHANNELS, max: MAX_SIMD_IN_CHANNELS }),
  outChannels: fc.constantFrom(8, 24, 32, 64),
  maxFilter: MAX_FILTER,
  maxStride: 1,
});
/** One input channel (the first layer's route) with out channels in eights; rows of 4+ output pixels mostly. */
const oneChannelCase = convCase({
  maxSide: 12,
  inChannels: fc.constant(1),
  outChannels: fc.constantFrom(8, 16, 32),
  maxFilter: MAX_FILTER,
  maxStride: 1,
});
/** Any geometry: strides up to 3, few channels, any out-channel count (the XNNPACK route). */
const anyCase = convCase({
  maxSide: MAX_SIDE,
  inChannels: fc.integer({ min: 1, max: 16 }),
  outChannels: fc.integer({ min: 1, max: 9 }),
  maxFilter: 4,
  maxStride: 3,
});

onThreadedWasm();

describe('Conv2D on wasm', () => {
  it('should convolve as the cpu backend does on the SIMD route, for any padding and channel count', async () => {
    await fc.assert(
      fc.asyncProperty(simdCase, async (c) => {
        fc.pre(hasOutput(c));
        await compareValues((x, w) => convOf(c, x, w), convInputs(c));
      }),
      { numRuns: RUNS },
    );
  });

  it('should convolve one-channel images as the cpu backend does, for any padding and filter', async () => {
    await fc.assert(
      fc.asyncProperty(oneChannelCase, async (c) => {
        fc.pre(hasOutput(c));
        await compareValues((x, w) => convOf(c, x, w), convInputs(c));
      }),
      { numRuns: RUNS },
    );
  });

  it('should convolve as the cpu backend does for any stride, padding and channel count', async () => {
    await fc.assert(
      fc.asyncProperty(anyCase, async (c) => {
        fc.pre(hasOutput(c));
        await compareValues((x, w) => convOf(c, x, w), convInputs(c));
      }),
      { numRuns: RUNS },
    );
  });

  it('should give the same bits on the pool’s threads as on the main thread alone', async () => {
    await tf.setBackend('wasm');
    await fc.assert(
      fc.asyncProperty(fc.oneof(simdCase, oneChannelCase), async (c) => {
        fc.pre(hasOutput(c));
        const [x, w] = convInputs(c).map(({ shape, data }) => tf.tensor(data, shape));
        const [threaded, alone] = onThreadsAndAlone(() => convOf(c, x!, w!));
        tf.dispose([x!, w!]);
        expectSameBits(threaded, alone);
      }),
      { numRuns: RUNS },
    );
  });

  it('should agree with XNNPACK when the SIMD routes are off', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(simdCase, oneChannelCase), async (c) => {
        fc.pre(hasOutput(c));
        const f = (x: tf.Tensor, w: tf.Tensor) => convOf(c, x, w);
        const simd = await valuesOn('wasm', f, convInputs(c));
        const off = { simdConv2D: false, oneChannelConv2D: false };
        expectClose(await withRoutes(off, () => valuesOn('wasm', f, convInputs(c))), simd);
      }),
      { numRuns: 5 },
    );
  });
});
