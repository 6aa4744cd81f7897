/**
 * Every TensorFlow.js op (and its gradient) that the katas and solutions train with, as cases that
 * one backend can be checked against another on: small seeded inputs, the op's forward value, and
 * the gradients of a weighted sum of it (so that every output element sends back its own upstream
 * gradient). `lib/webgpu/ops.test.ts` holds `webgpu` to `cpu` with them; `lib/webgpu/agreement.ts`
 * prints how close the two come, op by op.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { RandomState } from '../numpy-random';

export interface Input {
  shape: number[];
  data: Float32Array;
}

/**
 * |other − cpu| ≤ abs + rel·max|cpu| over one output. Each case names why its bound is what it is.
 */
export interface Tolerance {
  abs: number;
  rel: number;
  why: string;
}

export interface OpCase {
  name: string;
  inputs: fc.Arbitrary<Input[]>;
  forward: (...xs: tf.Tensor[]) => tf.Tensor;
  /** Compare the gradients with respect to every input too (false for ops without one). */
  gradients: boolean;
  tolerance: Tolerance;
}

/** WGSL rounds +, −, × correctly, as float32 on the CPU does: the same bits. */
const EXACT: Tolerance = { abs: 0, rel: 0, why: 'correctly rounded in WGSL and on the CPU alike' };
/**
 * WGSL allows x/y 2.5 ulp off and √, exp, log, tanh a few ulp (more for exp of large |x|); 1e-6 of
 * the largest value is about 8 ulp of it, and the inputs below keep exp's argument small.
 */
const FEW_ULPS: Tolerance = { abs: 1e-7, rel: 1e-6, why: 'WGSL division and transcendentals may be a few ulp off' };
/**
 * Sums (matrix products, convolutions, reductions, every broadcast's gradient) run in another order
 * on a GPU: n terms of size s differ by about n·ulp(s). 2e-6 of the largest value covers the up to
 * 5×5×16 = 400-term sums of these shapes with room; a wrong index is off by the size of a term.
 */
const REORDERED_SUMS: Tolerance = { abs: 1e-6, rel: 2e-6, why: 'float32 sums added in a different order' };

/** Softmax: exp a few ulp off, and each row's sum (forward and backward) added in a different order. */
const SOFTMAX: Tolerance = { abs: 1e-6, rel: 4e-6, why: 'exp a few ulp off and row sums in a different order' };

/** Side lengths up to 6: every broadcast and window edge case, in milliseconds per case. */
const SIDE = fc.integer({ min: 1, max: 6 });
const SEED = fc.integer({ min: 1, max: 2 ** 31 - 1 });

type Values = 'normal' | 'positive' | 'unit';

/** Seeded values: standard normals, their absolute values plus 0.5 (for log, √, ÷), or normals / 3 (for exp). */
export function seededInput(shape: number[], seed: number, values: Values = 'normal'): Input {
  const size = shape.reduce((a, b) => a * b, 1);
  const normal = new RandomState(seed).standardNormal(size);
  const map = { normal: (z: number) => z, positive: (z: number) => Math.abs(z) + 0.5, unit: (z: number) => z / 3 };
  return { shape, data: Float32Array.from(normal, map[values]) };
}

/** An arbitrary of inputs: shapes drawn by `shapes`, one seed each, values of the given kinds. */
function drawn(shapes: fc.Arbitrary<number[][]>, kinds: Values[] = []): fc.Arbitrary<Input[]> {
  return fc
    .tuple(shapes, SEED)
    .map(([list, seed]) => list.map((shape, i) => seededInput(shape, seed + i, kinds[i] ?? 'normal')));
}

const matrix = fc.tuple(SIDE, SIDE).map(([n, m]) => [[n, m]]);
const matrixAndRow = fc.tuple(SIDE, SIDE).map(([n, m]) => [[n, m], [m]]);
const twoMatrices = fc.tuple(SIDE, SIDE).map(([n, m]) => [
  [n, m],
  [n, m],
]);

function unary(name: string, op: (x: tf.Tensor) => tf.Tensor, tolerance: Tolerance, values: Values = 'normal'): OpCase {
  return { name, inputs: drawn(matrix, [values]), forward: op, gradients: true, tolerance };
}

/** A convolution's inputs: NHWC images of up to 7×7 and filters up to 5×5 (the book's), a few channels. */
const convShapes = fc
  .record({
    n: fc.integer({ min: 1, max: 2 }),
    side: fc.integer({ min: 3, max: 7 }),
    k: fc.integer({ min: 1, max: 5 }),
  })
  .chain(({ n, side, k }) =>
    fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })).map(([c, f]) => [
      [n, side, side, c],
      [Math.min(k, side), Math.min(k, side), c, f],
    ]),
  );

/** NHWC activations with an odd side now and then, so that SAME pooling has a partial last window. */
const poolShape = fc
  .tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 2, max: 7 }), fc.integer({ min: 1, max: 4 }))
  .map(([n, side, c]) => [[n, side, side, c]]);

/** Logits with one clear largest value per row, so that argMax has no ties. */
function logitsWithoutTies(): fc.Arbitrary<Input[]> {
  return drawn(matrix).map(([x]) => {
    const [n, m] = x!.shape as [number, number];
    const data = x!.data.slice();
    for (let r = 0; r < n; r++) data[r * m + (r % m)] = 10;
    return [{ shape: x!.shape, data }];
  });
}

export const OP_CASES: readonly OpCase[] = [
  {
    name: 'matMul',
    inputs: drawn(
      fc.tuple(SIDE, SIDE, SIDE).map(([n, k, m]) => [
        [n, k],
        [k, m],
      ]),
    ),
    forward: (a, b) => tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D),
    gradients: true,
    tolerance: REORDERED_SUMS,
  },
  {
    name: 'matMul, transposed A and B',
    inputs: drawn(
      fc.tuple(SIDE, SIDE, SIDE).map(([n, k, m]) => [
        [k, n],
        [m, k],
      ]),
    ),
    forward: (a, b) => tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D, true, true),
    gradients: true,
    tolerance: REORDERED_SUMS,
  },
  {
    name: 'add, a bias row broadcast over rows',
    inputs: drawn(matrixAndRow),
    forward: (a, b) => tf.add(a, b),
    gradients: true,
    tolerance: REORDERED_SUMS,
  },
  {
    name: 'sub',
    inputs: drawn(twoMatrices),
    forward: (a, b) => tf.sub(a, b),
    gradients: true,
    tolerance: EXACT,
  },
  {
    name: 'mul, a row broadcast over rows',
    inputs: drawn(matrixAndRow),
    forward: (a, b) => tf.mul(a, b),
    gradients: true,
    tolerance: REORDERED_SUMS,
  },
  {
    name: 'mul by a scalar',
    inputs: drawn(matrix),
    forward: (a) => tf.mul(a, 1.7),
    gradients: true,
    tolerance: EXACT,
  },
  {
    name: 'div',
    inputs: drawn(twoMatrices, ['normal', 'positive']),
    forward: (a, b) => tf.div(a, b),
    gradients: true,
    tolerance: FEW_ULPS,
  },
  unary('square', tf.square, EXACT),
  unary('neg', tf.neg, EXACT),
  unary('abs', tf.abs, EXACT),
  unary('relu', tf.relu, EXACT),
  unary('sqrt', tf.sqrt, FEW_ULPS, 'positive'),
  unary('exp', tf.exp, FEW_ULPS, 'unit'),
  unary('log', tf.log, FEW_ULPS, 'positive'),
  unary('tanh', tf.tanh, FEW_ULPS),
  unary('sigmoid', tf.sigmoid, FEW_ULPS),
  unary('softmax (last axis)', (x) => tf.softmax(x), SOFTMAX),
  unary('logSoftmax (last axis)', (x) => tf.logSoftmax(x), SOFTMAX),
  unary('sum of all', (x) => tf.sum(x), REORDERED_SUMS),
  unary('sum over axis 1, keepDims', (x) => tf.sum(x, 1, true), REORDERED_SUMS),
  unary('mean', (x) => tf.mean(x), REORDERED_SUMS),
  unary('max over axis 1, keepDims', (x) => tf.max(x, 1, true), EXACT),
  unary('min of all', (x) => tf.min(x), EXACT),
  unary('clipByValue [-0.5, 0.5]', (x) => tf.clipByValue(x, -0.5, 0.5), EXACT),
  unary('reshape to a column', (x) => tf.reshape(x, [-1, 1]), EXACT),
  {
    name: 'stack two matrices',
    inputs: drawn(twoMatrices),
    forward: (a, b) => tf.stack([a!, b!]),
    gradients: true,
    tolerance: EXACT,
  },
  {
    name: 'conv2d, stride 1, SAME',
    inputs: drawn(convShapes),
    forward: (x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same'),
    gradients: true,
    tolerance: REORDERED_SUMS,
  },
  {
    name: 'conv2d, stride 1, VALID',
    inputs: drawn(convShapes),
    forward: (x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'valid'),
    gradients: true,
    tolerance: REORDERED_SUMS,
  },
  {
    name: 'maxPool 2×2, stride 2, SAME',
    inputs: drawn(poolShape),
    forward: (x) => tf.maxPool(x as tf.Tensor4D, 2, 2, 'same'),
    gradients: true,
    tolerance: EXACT,
  },
  {
    name: 'argMax over axis 1',
    inputs: logitsWithoutTies(),
    forward: (x) => tf.argMax(x, 1),
    gradients: false,
    tolerance: EXACT,
  },
  {
    name: 'equal, cast to float32 (accuracy)',
    inputs: drawn(twoMatrices).map(([a, b]) => [a!, { ...b!, data: b!.data.map((v, i) => (i % 2 ? a!.data[i]! : v)) }]),
    forward: (a, b) => tf.cast(tf.equal(a, b), 'float32'),
    gradients: false,
    tolerance: EXACT,
  },
  {
    name: 'floor (dropout mask)',
    inputs: drawn(matrix),
    forward: (x) => tf.floor(tf.add(x, 0.5)),
    gradients: false,
    tolerance: EXACT,
  },
  {
    name: 'sign',
    inputs: drawn(matrix),
    forward: tf.sign,
    gradients: false,
    tolerance: EXACT,
  },
];

/**
 * Σ y·w with w spread over [−1, 2]: every output element gets its own upstream gradient. The
 * weights are made in JavaScript (not with tf.linspace, which a GPU computes in float32), so both
 * backends start their backward pass from the same bits.
 */
function weightedSum(y: tf.Tensor): tf.Scalar {
  const n = y.size;
  const weights = Float32Array.from({ length: n }, (_, i) => -1 + (3 * i) / Math.max(1, n - 1));
  return tf.sum(tf.mul(y, tf.tensor(weights, y.shape)));
}

export interface Outcome {
  forward: Float32Array;
  gradients: Float32Array[];
}

/** The case's forward value and gradients on the active backend, as plain arrays; frees every tensor. */
export function runCase(c: OpCase, inputs: Input[]): Outcome {
  return tf.tidy(() => {
    const xs = inputs.map(({ shape, data }) => tf.tensor(data, shape));
    const forward = Float32Array.from(c.forward(...xs).dataSync());
    const gradients = c.gradients
      ? tf
          .grads((...args: tf.Tensor[]) => weightedSum(c.forward(...args)))(xs)
          .map((g) => Float32Array.from(g.dataSync()))
      : [];
    return { forward, gradients };
  });
}

export interface Disagreement {
  /** 'forward' or 'gradient 0', 'gradient 1', … */
  what: string;
  maxAbs: number;
  /** maxAbs over the largest |cpu value| of that output (0 when it is all zeros and they agree). */
  maxRel: number;
  /** The bound the tolerance allows here. */
  bound: number;
}

/** How far `other` is from `reference`, output by output. */
export function disagreements(c: OpCase, other: Outcome, reference: Outcome): Disagreement[] {
  const outputs: [string, Float32Array, Float32Array][] = [
    ['forward', other.forward, reference.forward],
    ...other.gradients.map((g, i): [string, Float32Array, Float32Array] => [
      `gradient ${i}`,
      g,
      reference.gradients[i]!,
    ]),
  ];
  return outputs.map(([what, got, want]) => {
    if (got.length !== want.length) return { what, maxAbs: Infinity, maxRel: Infinity, bound: 0 };
    let maxAbs = 0;
    let scale = 0;
    for (let i = 0; i < want.length; i++) {
      const d = Math.abs(got[i]! - want[i]!);
      maxAbs = Number.isNaN(d) ? Infinity : Math.max(maxAbs, d);
      scale = Math.max(scale, Math.abs(want[i]!));
    }
    const maxRel = maxAbs === 0 ? 0 : scale === 0 ? Infinity : maxAbs / scale;
    return { what, maxAbs, maxRel, bound: c.tolerance.abs + c.tolerance.rel * scale };
  });
}
