/**
 * `Conv2DBackpropFilter` (./Conv2DBackpropFilter) against the cpu backend's filter gradient: the
 * SIMD filter tiles (exact rectangles for in channels in fours, a zero-padded copy otherwise) and
 * both XNNPACK routes.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { convCase, convInputs, convOf, hasOutput } from '../testing/conv-cases';
import { expectSameBits, onThreadsAndAlone, onThreadedWasm } from '../testing/threaded-wasm';
import { compare, weightedSum } from '../testing/wasm-vs-cpu';
import { IM2COL_MAX_CHANNELS } from './Conv2DBackpropFilter';

/** Each property draws fresh shapes; 30 runs keep the file to a few seconds. */
const RUNS = 30;
/** The filter is input 1 of the convolution cases. */
const FILTER = [1];
/** Channels up to twice the im2col cut-off, so that both XNNPACK routes run; strides up to 3. */
const anyCase = convCase({
  maxSide: 9,
  inChannels: fc.integer({ min: 1, max: 2 * IM2COL_MAX_CHANNELS }),
  outChannels: fc.integer({ min: 1, max: 5 }),
  maxFilter: 4,
  maxStride: 3,
});
/**
 * The SIMD route takes stride 1 and out channels in eights (up to three eights); in channels up to
 * 9 cover multiples of four (exact rectangles) and the rest (zero-padded copy, ragged last group).
 */
const simdCase = convCase({
  maxSide: 9,
  inChannels: fc.integer({ min: 1, max: 9 }),
  outChannels: fc.integer({ min: 1, max: 3 }).map((g) => 8 * g),
  maxFilter: 5,
  maxStride: 1,
});

onThreadedWasm();

describe('Conv2DBackpropFilter on wasm', () => {
  it('should compute the filter gradient as the cpu backend does for any shape, stride and padding', async () => {
    await fc.assert(
      fc.asyncProperty(anyCase, async (c) => {
        fc.pre(hasOutput(c));
        await compare((x, w) => weightedSum(convOf(c, x, w)), convInputs(c), FILTER);
      }),
      { numRuns: RUNS },
    );
  });

  it('should compute it on the SIMD tiles as the cpu backend does, for any padding and in-channel count', async () => {
    await fc.assert(
      fc.asyncProperty(simdCase, async (c) => {
        fc.pre(hasOutput(c));
        await compare((x, w) => weightedSum(convOf(c, x, w)), convInputs(c), FILTER);
      }),
      { numRuns: RUNS },
    );
  });

  it('should give the same bits on the pool’s threads as on the main thread alone', async () => {
    await tf.setBackend('wasm');
    await fc.assert(
      fc.asyncProperty(simdCase, async (c) => {
        fc.pre(hasOutput(c));
        const [x, w] = convInputs(c).map(({ shape, data }) => tf.tensor(data, shape));
        const [threaded, alone] = onThreadsAndAlone(() =>
          tf.grad((filter: tf.Tensor) => weightedSum(convOf(c, x!, filter)))(w!),
        );
        tf.dispose([x!, w!]);
        expectSameBits(threaded, alone);
      }),
      { numRuns: RUNS },
    );
  });
});
