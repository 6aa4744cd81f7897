import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import bands from '../../fixtures/bands/ch3.json';
import { RandomState } from '../../lib/numpy-random';
import { drawShuffled, tensorsOf, XOR_BLOCKS } from '../../lib/testing/classifier-data';
import { trainWithSgd } from '../../lib/testing/reference-nets';
import { expectAllClose, expectNoLeak } from '../../lib/testing/tensors';
import { truncatedNormal } from '../../lib/truncated-normal';
import { expectKOfN, expectLearning, runSeeds } from '../../lib/testing/training';
import { twoLayerForward, twoLayerNetwork, type TwoLayerParams } from './two-layer';

/** Points on and around the XOR plot's [−15, 15]². */
const COORD = fc.double({ min: -20, max: 20, noNaN: true });
const PARAM = fc.double({ min: -2, max: 2, noNaN: true });
/** 1 to 4 units per layer (the book uses 2 and 2) and up to 20 points. */
const CASE = fc
  .record({
    u1: fc.integer({ min: 1, max: 4 }),
    u2: fc.integer({ min: 1, max: 4 }),
    n: fc.integer({ min: 1, max: 20 }),
  })
  .chain(({ u1, u2, n }) =>
    fc.record({
      u1: fc.constant(u1),
      u2: fc.constant(u2),
      points: fc.array(fc.tuple(COORD, COORD), { minLength: n, maxLength: n }),
      w1: fc.array(PARAM, { minLength: 2 * u1, maxLength: 2 * u1 }),
      b1: fc.array(PARAM, { minLength: u1, maxLength: u1 }),
      w2: fc.array(PARAM, { minLength: u1 * u2, maxLength: u1 * u2 }),
      b2: fc.array(PARAM, { minLength: u2, maxLength: u2 }),
      w0: fc.array(PARAM, { minLength: u2, maxLength: u2 }),
      b0: PARAM,
    }),
  );
type Case = typeof CASE extends fc.Arbitrary<infer C> ? C : never;

/**
 * For the gradient property: points away from 0 and parameters of size 0.1..1 keep every tanh unit
 * live, so every gradient is nonzero.
 */
const LIVE_POINTS = [
  [1, 2],
  [-3, 1.5],
  [2.5, -1],
];
const LIVE = fc
  .tuple(fc.double({ min: 0.1, max: 1, noNaN: true }), fc.boolean())
  .map(([v, negative]) => (negative ? -v : v));
const LIVE_CASE = fc
  .record({ u1: fc.integer({ min: 1, max: 4 }), u2: fc.integer({ min: 1, max: 4 }) })
  .chain(({ u1, u2 }) =>
    fc.record({
      u1: fc.constant(u1),
      u2: fc.constant(u2),
      w1: fc.array(LIVE, { minLength: 2 * u1, maxLength: 2 * u1 }),
      b1: fc.array(LIVE, { minLength: u1, maxLength: u1 }),
      w2: fc.array(LIVE, { minLength: u1 * u2, maxLength: u1 * u2 }),
      b2: fc.array(LIVE, { minLength: u2, maxLength: u2 }),
      w0: fc.array(LIVE, { minLength: u2, maxLength: u2 }),
      b0: LIVE,
    }),
  );
/** Each layer's sums are rounded to float32 and tanh and sigmoid have slopes ≤ 1: 1e-4 absolute is ample. */
const P_TOL = 1e-4;

function forward(c: Case): { shape: number[]; p: number[] } {
  return tf.tidy(() => {
    const params: TwoLayerParams = {
      w1: tf.tensor2d(c.w1, [2, c.u1]),
      b1: tf.tensor1d(c.b1),
      w2: tf.tensor2d(c.w2, [c.u1, c.u2]),
      b2: tf.tensor1d(c.b2),
      w0: tf.tensor2d(c.w0, [c.u2, 1]),
      b0: tf.tensor1d([c.b0]),
    };
    const p = twoLayerForward(params, tf.tensor2d(c.points.flat(), [c.points.length, 2]));
    return { shape: p.shape, p: Array.from(p.dataSync()) };
  });
}

function reference({ u1, u2, points, w1, b1, w2, b2, w0, b0 }: Case): number[] {
  return points.map(([x1, x2]) => {
    const h1 = Array.from({ length: u1 }, (_, j) => Math.tanh(x1 * w1[j]! + x2 * w1[u1 + j]! + b1[j]!));
    const h2 = Array.from({ length: u2 }, (_, k) => Math.tanh(h1.reduce((s, h, j) => s + h * w2[j * u2 + k]!, b2[k]!)));
    return 1 / (1 + Math.exp(-h2.reduce((s, h, k) => s + h * w0[k]!, b0)));
  });
}

const XOR_SET = drawShuffled(new RandomState(20180311), XOR_BLOCKS);
/** At the book's start (w0 = 0, b0 = 0) every p is 0.5: the loss is 120·ln 2. */
const LOSS_AT_START = XOR_SET.t.length * Math.LN2;

describe('ch3 two-layer: twoLayerForward', () => {
  it('should return one probability per point, shape [N, 1], for any layer sizes', () => {
    fc.assert(
      fc.property(CASE, (c) => {
        expect(forward(c).shape, `the shape of the output: [N, 2] → [N, ${c.u1}] → [N, ${c.u2}] → [N, 1]`).toEqual([
          c.points.length,
          1,
        ]);
      }),
    );
  });

  it('should equal the plain-JS sigmoid(tanh(tanh(x·w1 + b1)·w2 + b2)·w0 + b0)', () => {
    fc.assert(fc.property(CASE, (c) => expectAllClose(forward(c).p, reference(c), P_TOL)));
  });

  it("should give 0.5 everywhere at the book's start, w0 and b0 zero", () => {
    fc.assert(
      fc.property(CASE, (c) => {
        const { p } = forward({ ...c, w0: c.w0.map(() => 0), b0: 0 });
        expect(p, 'p with w0 = 0 and b0 = 0: sigmoid(0) for every point').toEqual(p.map(() => 0.5));
      }),
    );
  });

  it('should let the gradient reach every parameter (nothing detached from the tape)', () => {
    fc.assert(
      fc.property(LIVE_CASE, (c) => {
        const nonzero = tf.tidy(() => {
          const x = tf.tensor2d(LIVE_POINTS.flat(), [LIVE_POINTS.length, 2]);
          const inputs = [
            tf.tensor2d(c.w1, [2, c.u1]),
            tf.tensor1d(c.b1),
            tf.tensor2d(c.w2, [c.u1, c.u2]),
            tf.tensor1d(c.b2),
            tf.tensor2d(c.w0, [c.u2, 1]),
            tf.tensor1d([c.b0]),
          ];
          const grads = tf.grads(
            (w1: tf.Tensor, b1: tf.Tensor, w2: tf.Tensor, b2: tf.Tensor, w0: tf.Tensor, b0: tf.Tensor) =>
              tf.sum(
                twoLayerForward(
                  {
                    w1: w1 as tf.Tensor2D,
                    b1: b1 as tf.Tensor1D,
                    w2: w2 as tf.Tensor2D,
                    b2: b2 as tf.Tensor1D,
                    w0: w0 as tf.Tensor2D,
                    b0: b0 as tf.Tensor1D,
                  },
                  x,
                ),
              ),
          )(inputs);
          return grads.map((g) => Array.from(g.dataSync()).some((v) => v !== 0));
        });
        const names = ['w1', 'b1', 'w2', 'b2', 'w0', 'b0'];
        expect(
          names.filter((_, i) => !nonzero[i]),
          'parameters that get no gradient: is a layer computed from values read out of a tensor ' +
            '(dataSync/arraySync) instead of the tensor itself?',
        ).toEqual([]);
      }),
    );
  });

  it("should build the book's start: 2 + 2 units, w1 then w2 truncated normal from the seed, the rest zeros", () => {
    const network = twoLayerNetwork({ seed: 3 });
    const x = tf.tensor2d([1, 2], [1, 2]);
    const p = network.probability(x);
    expect(Array.from(p.dataSync()), 'p at the start, where w0 and b0 are zero').toEqual([0.5]);
    tf.dispose([x, p]);
    const { w1, b1, w2, b2, w0, b0 } = network.params;
    expect(
      [w1, b1, w2, b2, w0, b0].map((v) => v.shape),
      'the shapes of w1, b1, w2, b2, w0, b0',
    ).toEqual([[2, 2], [2], [2, 2], [2], [2, 1], [1]]);
    const rs = new RandomState(3);
    expect(Array.from(w1.dataSync())).toEqual(truncatedNormal(rs, 2, 2).map(Math.fround));
    expect(Array.from(w2.dataSync())).toEqual(truncatedNormal(rs, 2, 2).map(Math.fround));
    expect([...b1.dataSync(), ...b2.dataSync(), ...w0.dataSync(), ...b0.dataSync()]).toEqual(new Array(7).fill(0));
    expect(
      network.variables.map((v) => v.id),
      'the variables, in order',
    ).toEqual([w1, b1, w2, b2, w0, b0].map((v) => v.id));
    const before = tf.memory().numTensors;
    network.dispose();
    expect(before - tf.memory().numTensors, 'variables freed by dispose').toBe(6);
  });

  it('should leave no tensor behind but the one it returns', () => {
    const network = twoLayerNetwork({ seed: 1 });
    const x = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    expectNoLeak(() => network.probability(x));
    tf.dispose(x);
    network.dispose();
  });

  const short = bands.short.xor;
  it(
    `should start learning the XOR-like data: ${short.k} of ${short.seeds.length} seeds inside the ` +
      `solutions' loss band after ${short.steps} steps`,
    async () => {
      const { x, t } = tensorsOf(XOR_SET);
      const outcomes = await runSeeds(short.seeds, async (seed) => {
        const network = twoLayerNetwork({ seed });
        try {
          const log = await trainWithSgd(network, x, t, short.steps);
          expectLearning(log, { startLoss: LOSS_AT_START });
          return log;
        } finally {
          network.dispose();
        }
      });
      tf.dispose([x, t]);
      expectKOfN(outcomes, short.k, 'loss', short.loss);
    },
  );
});
