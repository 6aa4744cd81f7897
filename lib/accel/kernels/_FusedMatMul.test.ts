/**
 * `_FusedMatMul` (./_FusedMatMul, `tf.fused.matMul`) against the cpu backend: product, bias and
 * relu, forward and gradients, for every combination of transposes.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { onThreadedWasm } from '../testing/threaded-wasm';
import { compare, compareValues, values, weightedSum } from '../testing/wasm-vs-cpu';

/** Each property draws fresh shapes; 30 runs keep the file to a few seconds. */
const RUNS = 30;
/** Matrix sides up to 12, either side of the transposes' cost choice. */
const MAX_MATRIX = 12;

const fusedCase = fc.record({
  m: fc.integer({ min: 1, max: MAX_MATRIX }),
  k: fc.integer({ min: 1, max: MAX_MATRIX }),
  n: fc.integer({ min: 1, max: MAX_MATRIX }),
  transposeA: fc.boolean(),
  transposeB: fc.boolean(),
  bias: fc.constantFrom('none', 'vector', 'scalar'),
  activation: fc.constantFrom<'linear' | 'relu'>('linear', 'relu'),
  seed: fc.nat(1_000_000),
});

onThreadedWasm();

describe('_FusedMatMul on wasm', () => {
  it('should compute fused products (bias, relu) and their gradients as the cpu backend does', async () => {
    await fc.assert(
      fc.asyncProperty(fusedCase, async (c) => {
        const biasShape = c.bias === 'vector' ? [c.n] : [1];
        const inputs = [
          { shape: c.transposeA ? [c.k, c.m] : [c.m, c.k], data: values(c.m * c.k, c.seed, 'mixed') },
          { shape: c.transposeB ? [c.n, c.k] : [c.k, c.n], data: values(c.k * c.n, c.seed + 1, 'mixed') },
          { shape: biasShape, data: values(biasShape[0]!, c.seed + 2, 'mixed') },
        ];
        const fused = (a: tf.Tensor, b: tf.Tensor, bias: tf.Tensor) =>
          tf.fused.matMul({
            a: a as tf.Tensor2D,
            b: b as tf.Tensor2D,
            transposeA: c.transposeA,
            transposeB: c.transposeB,
            bias: c.bias === 'none' ? undefined : bias,
            activation: c.activation,
          });
        await compareValues(fused, inputs);
        // The bias's zero term keeps an unused bias on the tape.
        await compare((a, b, bias) => weightedSum(fused(a, b, bias)).add(tf.sum(bias).mul(0)) as tf.Scalar, inputs);
      }),
      { numRuns: RUNS },
    );
  });
});
