/**
 * `BatchMatMul` (./BatchMatMul) against the cpu backend: the SIMD products (A·B, A·Bᵀ, Aᵀ·B) for
 * widths in their tiles' multiples, the XNNPACK routes for the rest, and batched products.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { withRoutes } from '../options';
import { expectSameBits, onThreadsAndAlone, onThreadedWasm } from '../testing/threaded-wasm';
import { compare, compareValues, expectClose, valuesOn, values, weightedSum } from '../testing/wasm-vs-cpu';

/** Each property draws fresh shapes; 25 runs keep the file to a few seconds. */
const RUNS = 25;
/** Matrix sides up to 12, either side of the transposes' cost choice. */
const MAX_MATRIX = 12;
/** Rows up to 40 give odd and even counts, one row, and more rows than a 16-row block. */
const MAX_ROWS = 40;
/** Depths up to 80 cross the products' 32- and 64-row depth blocks. */
const MAX_DEPTH = 80;

const anyProduct = fc.record({
  m: fc.integer({ min: 1, max: MAX_MATRIX }),
  k: fc.integer({ min: 1, max: MAX_MATRIX }),
  n: fc.integer({ min: 1, max: MAX_MATRIX }),
  transposeA: fc.boolean(),
  transposeB: fc.boolean(),
  seed: fc.nat(1_000_000),
});
/** Shapes the SIMD A·B takes (widths in eights), with depths in fours half the time (as its gradients need). */
const simdProduct = fc.record({
  m: fc.integer({ min: 1, max: MAX_ROWS }),
  k: fc.oneof(
    fc.integer({ min: 1, max: MAX_DEPTH }),
    fc.integer({ min: 1, max: MAX_DEPTH / 4 }).map((fours) => 4 * fours),
  ),
  n: fc.integer({ min: 1, max: 12 }).map((eights) => 8 * eights),
  transposeA: fc.constant(false),
  transposeB: fc.constant(false),
  seed: fc.nat(1_000_000),
});
/** The 10-way head's forms: widths outside the tiles' multiples, depths long enough to pad. */
const headProduct = fc
  .record({
    m: fc.integer({ min: 1, max: 40 }),
    k: fc.integer({ min: 64, max: 200 }),
    n: fc.integer({ min: 1, max: 12 }),
    transposeA: fc.boolean(),
    transposeB: fc.boolean(),
    seed: fc.nat(1_000_000),
  })
  .filter((c) => !(c.transposeA && c.transposeB));
type Product = typeof anyProduct extends fc.Arbitrary<infer T> ? T : never;

const inputsOf = (c: Product) => [
  { shape: c.transposeA ? [c.k, c.m] : [c.m, c.k], data: values(c.m * c.k, c.seed, 'mixed') },
  { shape: c.transposeB ? [c.n, c.k] : [c.k, c.n], data: values(c.k * c.n, c.seed + 1, 'mixed') },
];
const product = (c: Product) => (a: tf.Tensor, b: tf.Tensor) =>
  tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D, c.transposeA, c.transposeB);

onThreadedWasm();

describe('BatchMatMul on wasm', () => {
  it.each([
    { shapes: 'any shape and combination of transposes (XNNPACK routes)', cases: anyProduct },
    { shapes: 'A·B on the SIMD tiles, with A·Bᵀ and Aᵀ·B as its gradients', cases: simdProduct },
    { shapes: 'the head’s widths, on padded copies', cases: headProduct },
  ])('should multiply, and differentiate, as the cpu backend does: $shapes', async ({ cases }) => {
    await fc.assert(
      fc.asyncProperty(cases, async (c) => {
        await compareValues(product(c), inputsOf(c));
        await compare((a, b) => weightedSum(product(c)(a, b)), inputsOf(c));
      }),
      { numRuns: RUNS },
    );
  });

  it('should give the same bits on the pool’s threads as on the main thread alone', async () => {
    await tf.setBackend('wasm');
    await fc.assert(
      fc.asyncProperty(fc.oneof(simdProduct, headProduct), async (c) => {
        const [a, b] = inputsOf(c).map(({ shape, data }) => tf.tensor(data, shape));
        const [threaded, alone] = onThreadsAndAlone(() => [
          product(c)(a!, b!),
          ...tf.grads((x: tf.Tensor, y: tf.Tensor) => weightedSum(product(c)(x, y)))([a!, b!]),
        ]);
        tf.dispose([a!, b!]);
        expectSameBits(threaded, alone);
      }),
      { numRuns: RUNS },
    );
  });

  it('should give the same bits on threads as alone for products large enough for the threads', () => {
    // 64·512·256 = 8.4M multiply-adds, past the threads' threshold, for A·B and both gradients.
    const c = { m: 64, k: 512, n: 256, transposeA: false, transposeB: false, seed: 3 };
    const [a, b] = inputsOf(c).map(({ shape, data }) => tf.tensor(data, shape));
    const [threaded, alone] = onThreadsAndAlone(() => [
      product(c)(a!, b!),
      ...tf.grads((x: tf.Tensor, y: tf.Tensor) => weightedSum(product(c)(x, y)))([a!, b!]),
    ]);
    tf.dispose([a!, b!]);
    expectSameBits(threaded, alone);
  });

  it('should agree with XNNPACK when the SIMD products are off', async () => {
    await fc.assert(
      fc.asyncProperty(simdProduct, async (c) => {
        const simd = await valuesOn('wasm', product(c), inputsOf(c));
        expectClose(await withRoutes({ simdMatMul: false }, () => valuesOn('wasm', product(c), inputsOf(c))), simd);
      }),
      { numRuns: 5 },
    );
  });

  it('should still match the cpu backend for batched (rank 3) products', async () => {
    await compare(
      (a, b) => weightedSum(tf.matMul(a as tf.Tensor3D, b as tf.Tensor3D, true, false)),
      [
        { shape: [3, 4, 5], data: values(60, 7, 'mixed') },
        { shape: [3, 4, 2], data: values(24, 8, 'mixed') },
      ],
    );
  });
});
