import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import bands from '../../fixtures/bands/ch3.json';
import { RandomState } from '../../lib/numpy-random';
import { CH3_BLOCKS, chanceAccuracy, drawShuffled, meanInput, tensorsOf } from '../../lib/testing/classifier-data';
import { trainWithSgd } from '../../lib/testing/reference-nets';
import { expectAllClose, expectAllWithin, expectNoLeak } from '../../lib/testing/tensors';
import { truncatedNormal } from '../../lib/truncated-normal';
import { expectKOfN, runSeeds } from '../../lib/testing/training';
import { singleLayerForward, singleLayerNetwork, type Activation, type SingleLayerParams } from './network';

/** Points on and around the book's [0, 30]² plot. */
const COORD = fc.double({ min: -5, max: 35, noNaN: true });
/** Weights and biases of the sizes training reaches; the biases are multiplied by mult (≈ 15). */
const PARAM = fc.double({ min: -2, max: 2, noNaN: true });
const ACTIVATION = fc.constantFrom<Activation>('tanh', 'relu');
/** 1 to 6 hidden units (the book uses 2 and 4) and up to 20 points. */
const CASE = fc
  .record({ units: fc.integer({ min: 1, max: 6 }), n: fc.integer({ min: 1, max: 20 }) })
  .chain(({ units, n }) =>
    fc.record({
      units: fc.constant(units),
      points: fc.array(fc.tuple(COORD, COORD), { minLength: n, maxLength: n }),
      w1: fc.array(PARAM, { minLength: 2 * units, maxLength: 2 * units }),
      b1: fc.array(PARAM, { minLength: units, maxLength: units }),
      w0: fc.array(PARAM, { minLength: units, maxLength: units }),
      b0: PARAM,
      mult: fc.double({ min: 0.5, max: 20, noNaN: true }),
      activation: ACTIVATION,
    }),
  );
type Case = typeof CASE extends fc.Arbitrary<infer C> ? C : never;

/**
 * For the gradient property: points away from 0 and parameters of size 0.1..1 keep every tanh unit
 * live (|pre-activation| ≤ 2·3·1 + 1·1.5, far from float32 saturation), so every gradient is nonzero.
 */
const LIVE_POINTS = [
  [1, 2],
  [-3, 1.5],
  [2.5, -1],
];
const LIVE_MULT = 1.5;
const LIVE = fc
  .tuple(fc.double({ min: 0.1, max: 1, noNaN: true }), fc.boolean())
  .map(([v, negative]) => (negative ? -v : v));
const LIVE_CASE = fc.integer({ min: 1, max: 6 }).chain((units) =>
  fc.record({
    units: fc.constant(units),
    w1: fc.array(LIVE, { minLength: 2 * units, maxLength: 2 * units }),
    b1: fc.array(LIVE, { minLength: units, maxLength: units }),
    w0: fc.array(LIVE, { minLength: units, maxLength: units }),
    b0: LIVE,
  }),
);
/**
 * Hidden pre-activations reach |2·35·2 + 2·20| ≈ 180 and are rounded to float32 (≈ 1e-5); tanh and
 * sigmoid have slopes ≤ 1, and the output sums up to 6 units of weight ≤ 2: 1e-4 absolute is ample.
 */
const P_TOL = 1e-4;

function forward(c: Case, override: Partial<Pick<Case, 'b1' | 'b0' | 'mult'>> = {}): { shape: number[]; p: number[] } {
  const { units, points, w1, w0, activation } = c;
  const { b1, b0, mult } = { b1: c.b1, b0: c.b0, mult: c.mult, ...override };
  return tf.tidy(() => {
    const params: SingleLayerParams = {
      w1: tf.tensor2d(w1, [2, units]),
      b1: tf.tensor1d(b1),
      w0: tf.tensor2d(w0, [units, 1]),
      b0: tf.tensor1d([b0]),
    };
    const p = singleLayerForward(params, { activation, mult }, tf.tensor2d(points.flat(), [points.length, 2]));
    return { shape: p.shape, p: Array.from(p.dataSync()) };
  });
}

function reference({ units, points, w1, b1, w0, b0, mult, activation }: Case): number[] {
  const act = activation === 'relu' ? (z: number) => Math.max(0, z) : Math.tanh;
  return points.map(([x1, x2]) => {
    let f = b0 * mult;
    for (let u = 0; u < units; u++) f += w0[u]! * act(x1 * w1[u]! + x2 * w1[units + u]! + b1[u]! * mult);
    return 1 / (1 + Math.exp(-f));
  });
}

const BOOK_SET = drawShuffled(new RandomState(20180311), CH3_BLOCKS);

describe('ch3 network: singleLayerForward', () => {
  it('should return one probability per point, shape [N, 1], for any number of hidden units', () => {
    fc.assert(
      fc.property(CASE, (c) => {
        expect(
          forward(c).shape,
          `the shape of p: x [N, 2]·w1 [2, ${c.units}] gives the hidden layer [N, ${c.units}], and that ` +
            `times w0 [${c.units}, 1] gives p [N, 1]`,
        ).toEqual([c.points.length, 1]);
      }),
    );
  });

  it('should equal the plain-JS sigmoid(Σ_u w0_u·act(x·w1_u + b1_u·mult) + b0·mult), for tanh and ReLU', () => {
    fc.assert(fc.property(CASE, (c) => expectAllClose(forward(c).p, reference(c), P_TOL)));
  });

  it('should scale both biases by mult: (b1, b0, mult) acts as (b1·mult, b0·mult, 1)', () => {
    fc.assert(
      fc.property(CASE, (c) => {
        const scaled = forward(c, { b1: c.b1.map((b) => b * c.mult), b0: c.b0 * c.mult, mult: 1 }).p;
        expectAllClose(forward(c).p, scaled, P_TOL);
      }),
    );
  });

  it("should give 0.5 everywhere at the book's start, w0 and b0 zero, whatever w1 is", () => {
    fc.assert(
      fc.property(CASE, (c) => {
        const { p } = forward({ ...c, w0: c.w0.map(() => 0), b0: 0 });
        expect(p, 'p with w0 = 0 and b0 = 0: sigmoid(0) for every point').toEqual(p.map(() => 0.5));
      }),
    );
  });

  it('should let the gradient reach every parameter (nothing detached from the tape)', () => {
    fc.assert(
      fc.property(LIVE_CASE, ({ units, w1, b1, w0, b0 }) => {
        const nonzero = tf.tidy(() => {
          const x = tf.tensor2d(LIVE_POINTS.flat(), [LIVE_POINTS.length, 2]);
          const grads = tf.grads((w1t: tf.Tensor, b1t: tf.Tensor, w0t: tf.Tensor, b0t: tf.Tensor) =>
            tf.sum(
              singleLayerForward(
                { w1: w1t as tf.Tensor2D, b1: b1t as tf.Tensor1D, w0: w0t as tf.Tensor2D, b0: b0t as tf.Tensor1D },
                { activation: 'tanh', mult: LIVE_MULT },
                x,
              ),
            ),
          )([tf.tensor2d(w1, [2, units]), tf.tensor1d(b1), tf.tensor2d(w0, [units, 1]), tf.tensor1d([b0])]);
          return grads.map((g) => Array.from(g.dataSync()).some((v) => v !== 0));
        });
        const names = ['w1', 'b1', 'w0', 'b0'];
        expect(
          names.filter((_, i) => !nonzero[i]),
          'parameters that get no gradient: is p computed from tensors the tape sees (no dataSync/arraySync inside)?',
        ).toEqual([]);
      }),
    );
  });

  it('should stay within [0, 1]', () => {
    fc.assert(fc.property(CASE, (c) => expectAllWithin(forward(c).p, 0, 1, 'p, a probability,')));
  });

  it("should build the book's start: w1 truncated normal from the seed, the rest zeros, tanh unless asked", () => {
    const network = singleLayerNetwork({ units: 3, mult: 2, seed: 7 });
    const x = tf.tensor2d([1, 2], [1, 2]);
    const p = network.probability(x);
    expect(Array.from(p.dataSync()), 'p at the start, where w0 and b0 are zero').toEqual([0.5]);
    tf.dispose([x, p]);
    const { w1, b1, w0, b0 } = network.params;
    expect([w1.shape, b1.shape, w0.shape, b0.shape], 'the shapes of w1, b1, w0, b0').toEqual([
      [2, 3],
      [3],
      [3, 1],
      [1],
    ]);
    expect(Array.from(w1.dataSync())).toEqual(truncatedNormal(new RandomState(7), 2, 3).map(Math.fround));
    expect([...b1.dataSync(), ...w0.dataSync(), ...b0.dataSync()]).toEqual(new Array(7).fill(0));
    expect(network.config).toEqual({ activation: 'tanh', mult: 2 });
    expect(
      network.variables.map((v) => v.id),
      'the variables, in order',
    ).toEqual([w1, b1, w0, b0].map((v) => v.id));
    const before = tf.memory().numTensors;
    network.dispose();
    expect(before - tf.memory().numTensors, 'variables freed by dispose').toBe(4);
  });

  it('should leave no tensor behind but the one it returns', () => {
    const network = singleLayerNetwork({ units: 2, mult: 15, seed: 1 });
    const x = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    expectNoLeak(() => network.probability(x));
    tf.dispose(x);
    network.dispose();
  });

  const short = bands.short.network;
  it(
    `should learn the book's data: ${short.k} of ${short.seeds.length} seeds inside the solutions' ` +
      `accuracy band after ${short.steps} steps of ${short.config}`,
    async () => {
      const { x, t } = tensorsOf(BOOK_SET);
      const mult = meanInput(BOOK_SET);
      const outcomes = await runSeeds(short.seeds, async (seed) => {
        const network = singleLayerNetwork({
          units: short.units,
          activation: short.activation as Activation,
          mult,
          seed,
        });
        try {
          return await trainWithSgd(network, x, t, short.steps);
        } finally {
          network.dispose();
        }
      });
      tf.dispose([x, t]);
      expectKOfN(outcomes, short.k, 'accuracy', short.accuracy, chanceAccuracy(BOOK_SET.t));
    },
  );
});
