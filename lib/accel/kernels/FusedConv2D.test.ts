/**
 * `FusedConv2D` (./FusedConv2D, `tf.fused.conv2d`) against the cpu backend: the one-channel and
 * SIMD tap-sum routes with their bias and relu, and the stock kernel (explicit padding) for other
 * activations and geometries.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { type ConvCase, convCase, convInputs, hasOutput, tfPad } from '../testing/conv-cases';
import { expectSameBits, onThreadsAndAlone, onThreadedWasm } from '../testing/threaded-wasm';
import { compare, compareValues, values, weightedSum } from '../testing/wasm-vs-cpu';

/** Each property draws fresh shapes; 25 runs keep the file to a few seconds. */
const RUNS = 25;

type Activation = 'linear' | 'relu' | 'elu';
const fusedCase = fc.record({
  conv: fc.oneof(
    convCase({
      maxSide: 12,
      inChannels: fc.constant(1),
      outChannels: fc.constantFrom(8, 16),
      maxFilter: 5,
      maxStride: 1,
    }),
    convCase({
      maxSide: 9,
      inChannels: fc.integer({ min: 8, max: 24 }),
      outChannels: fc.constantFrom(8, 24),
      maxFilter: 5,
      maxStride: 1,
    }),
    convCase({
      maxSide: 9,
      inChannels: fc.integer({ min: 1, max: 6 }),
      outChannels: fc.integer({ min: 1, max: 6 }),
      maxFilter: 3,
      maxStride: 3,
    }),
  ),
  bias: fc.boolean(),
  activation: fc.constantFrom<Activation>('linear', 'relu', 'elu'),
});
type FusedCase = typeof fusedCase extends fc.Arbitrary<infer T> ? T : never;

function inputsOf(c: FusedCase) {
  return [
    ...convInputs(c.conv),
    { shape: [c.conv.outChannels], data: values(c.conv.outChannels, c.conv.seed + 2, 'mixed') },
  ];
}

const fused =
  (c: ConvCase, activation: Activation, withBias: boolean) => (x: tf.Tensor, w: tf.Tensor, bias: tf.Tensor) =>
    tf.fused.conv2d({
      x: x as tf.Tensor4D,
      filter: w as tf.Tensor4D,
      strides: c.stride,
      pad: tfPad(c.pad),
      bias: withBias ? bias : undefined,
      activation,
    });

onThreadedWasm();

describe('FusedConv2D on wasm', () => {
  it('should convolve, add the bias and activate as the cpu backend does', async () => {
    await fc.assert(
      fc.asyncProperty(fusedCase, async (c) => {
        fc.pre(hasOutput(c.conv));
        await compareValues(fused(c.conv, c.activation, c.bias), inputsOf(c));
      }),
      { numRuns: RUNS },
    );
  });

  it('should have the cpu backend’s gradients', async () => {
    await fc.assert(
      fc.asyncProperty(fusedCase, async (c) => {
        fc.pre(hasOutput(c.conv) && c.activation !== 'elu');
        const f = fused(c.conv, c.activation, c.bias);
        // The bias's zero term keeps an unused bias on the tape.
        await compare((x, w, b) => weightedSum(f(x, w, b)).add(tf.sum(b).mul(0)) as tf.Scalar, inputsOf(c));
      }),
      { numRuns: RUNS },
    );
  });

  it('should give the same bits on the pool’s threads as on the main thread alone', async () => {
    await tf.setBackend('wasm');
    await fc.assert(
      fc.asyncProperty(fusedCase, async (c) => {
        fc.pre(hasOutput(c.conv));
        const [x, w, b] = inputsOf(c).map(({ shape, data }) => tf.tensor(data, shape));
        const [threaded, alone] = onThreadsAndAlone(() => fused(c.conv, c.activation, c.bias)(x!, w!, b!));
        tf.dispose([x!, w!, b!]);
        expectSameBits(threaded, alone);
      }),
      { numRuns: RUNS },
    );
  });
});
