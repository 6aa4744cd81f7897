import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectAllClose, expectAllWithin, expectNoLeak } from '../../lib/testing/tensors';
import { probability } from './model';

/** Points on and around the book's [0, 30]² plot. */
const COORD = fc.double({ min: -30, max: 60, noNaN: true });
/** Weights and biases of the sizes training reaches (the book ends at w ≈ 0.5, w0 ≈ −17). */
const WEIGHT = fc.double({ min: -2, max: 2, noNaN: true });
const BIAS = fc.double({ min: -30, max: 30, noNaN: true });
/** Up to 40 points: the book has 35. */
const CASE = fc.record({
  points: fc.array(fc.tuple(COORD, COORD), { minLength: 1, maxLength: 40 }),
  w: fc.tuple(WEIGHT, WEIGHT),
  w0: BIAS,
});
/**
 * f = x1·w1 + x2·w2 + w0 is rounded to float32 (|f| < 200, so about 1e-5 absolute), and sigmoid's
 * slope is at most 1/4: p is within 1e-5 of the float64 reference.
 */
const P_TOL = 1e-5;

const sigmoid = (f: number) => 1 / (1 + Math.exp(-f));

function run(points: [number, number][], w: [number, number], w0: number): { shape: number[]; p: number[] } {
  return tf.tidy(() => {
    const p = probability(tf.tensor2d(points.flat(), [points.length, 2]), tf.tensor2d(w, [2, 1]), tf.tensor1d([w0]));
    return { shape: p.shape, p: Array.from(p.dataSync()) };
  });
}

describe('ch2 model: probability', () => {
  it('should return one probability per point, shape [N, 1]', () => {
    fc.assert(
      fc.property(CASE, ({ points, w, w0 }) => {
        expect(run(points, w, w0).shape, 'the shape of p: a column [N, 1] (x [N, 2] times w [2, 1], plus w0)').toEqual([
          points.length,
          1,
        ]);
      }),
    );
  });

  it('should equal the plain-JS sigmoid(x1·w1 + x2·w2 + w0)', () => {
    fc.assert(
      fc.property(CASE, ({ points, w, w0 }) => {
        const expected = points.map(([x1, x2]) => sigmoid(x1 * w[0] + x2 * w[1] + w0));
        expectAllClose(run(points, w, w0).p, expected, P_TOL);
      }),
    );
  });

  it('should stay within [0, 1]', () => {
    fc.assert(
      fc.property(CASE, ({ points, w, w0 }) => expectAllWithin(run(points, w, w0).p, 0, 1, 'p, a probability,')),
    );
  });

  it("should give 0.5 everywhere at the book's start, all parameters zero", () => {
    fc.assert(
      fc.property(CASE, ({ points }) => {
        expect(run(points, [0, 0], 0).p, 'p at w = 0, w0 = 0: sigmoid(0) for every point').toEqual(
          points.map(() => 0.5),
        );
      }),
    );
  });

  it('should be symmetric: negating w and w0 gives 1 − p', () => {
    fc.assert(
      fc.property(CASE, ({ points, w, w0 }) => {
        const p = run(points, w, w0).p;
        expectAllClose(
          run(points, [-w[0], -w[1]], -w0).p,
          p.map((v) => 1 - v),
          P_TOL,
        );
      }),
    );
  });

  it('should leave no tensor behind but the one it returns', () => {
    const x = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const w = tf.tensor2d([0.5, -1], [2, 1]);
    const w0 = tf.tensor1d([0.25]);
    expectNoLeak(() => probability(x, w, w0));
    tf.dispose([x, w, w0]);
  });
});
