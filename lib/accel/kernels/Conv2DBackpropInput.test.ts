/**
 * `Conv2DBackpropInput` (./Conv2DBackpropInput) against the cpu backend's input gradient: the SIMD
 * tap sums, the XNNPACK route with a spread-out dy, and the direct loop.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { convCase, convInputs, convOf, hasOutput } from '../testing/conv-cases';
import { expectSameBits, onThreadsAndAlone, onThreadedWasm } from '../testing/threaded-wasm';
import { compare, weightedSum } from '../testing/wasm-vs-cpu';

/** Each property draws fresh shapes; 30 runs keep the file to a few seconds. */
const RUNS = 30;
/** The image is input 0 of the convolution cases. */
const IMAGE = [0];
/** Strides up to 3 (spread-out dy) with explicit paddings (negative XNNPACK pads: the direct loop). */
const anyCase = convCase({
  maxSide: 9,
  inChannels: fc.integer({ min: 1, max: 12 }),
  outChannels: fc.integer({ min: 1, max: 5 }),
  maxFilter: 4,
  maxStride: 3,
});
/** The SIMD route takes stride 1 and in channels in eights: 8, 16 and 32 (the second layer's). */
const simdCase = convCase({
  maxSide: 9,
  inChannels: fc.constantFrom(8, 16, 32),
  outChannels: fc.integer({ min: 1, max: 12 }),
  maxFilter: 5,
  maxStride: 1,
});

onThreadedWasm();

describe('Conv2DBackpropInput on wasm', () => {
  it('should compute the input gradient as the cpu backend does for any shape, stride and padding', async () => {
    await fc.assert(
      fc.asyncProperty(anyCase, async (c) => {
        fc.pre(hasOutput(c));
        await compare((x, w) => weightedSum(convOf(c, x, w)), convInputs(c), IMAGE);
      }),
      { numRuns: RUNS },
    );
  });

  it('should compute it through the SIMD tap sums as the cpu backend does, for any padding', async () => {
    await fc.assert(
      fc.asyncProperty(simdCase, async (c) => {
        fc.pre(hasOutput(c));
        await compare((x, w) => weightedSum(convOf(c, x, w)), convInputs(c), IMAGE);
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
          tf.grad((image: tf.Tensor) => weightedSum(convOf(c, image, w!)))(x!),
        );
        tf.dispose([x!, w!]);
        expectSameBits(threaded, alone);
      }),
      { numRuns: RUNS },
    );
  });
});
