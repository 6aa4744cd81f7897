import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectAllClose, expectNoLeak } from '../../lib/testing/tensors';
import { crossEntropyLoss, PROBABILITY_FLOOR } from './loss';

/** Probabilities away from 0 and 1, where the loss is smooth and the clip does nothing. */
const P = fc.double({ min: 0.001, max: 0.999, noNaN: true });
const LABEL = fc.constantFrom(0, 1);
/** Up to 40 points: the book has 35. */
const CASE = fc.array(fc.tuple(P, LABEL), { minLength: 1, maxLength: 40 });
/** Moving a prediction this share of the way to its target. */
const TOWARD = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
/** float32 logs and a sum of up to 40 terms of at most 7 each: 1e-5 relative is ample. */
const SUM_REL_TOL = 1e-5;
/** The clipped loss of a perfect prediction: −log(1 − FLOOR) per point, about 1.2e-7 in float32. */
const PERFECT_PER_POINT = 2e-7;

const column = (values: readonly number[]) => tf.tensor2d([...values], [values.length, 1]);
const lossOf = (p: readonly number[], t: readonly number[]) =>
  tf.tidy(() => crossEntropyLoss(column(p), column(t)).dataSync()[0]!);
const split = (c: [number, number][]) => ({ p: c.map(([p]) => p), t: c.map(([, t]) => t) });

describe('ch2 loss: crossEntropyLoss', () => {
  it('should return a scalar', () => {
    tf.tidy(() => {
      expect(
        crossEntropyLoss(column([0.2, 0.7]), column([0, 1])).shape,
        'the shape of the loss: one number (a scalar), a sum over the points',
      ).toEqual([]);
    });
  });

  it('should equal the plain-JS −Σ[t·ln p + (1 − t)·ln(1 − p)]', () => {
    fc.assert(
      fc.property(CASE, (c) => {
        const { p, t } = split(c);
        const expected = -p.reduce(
          (s, pi, i) => s + t[i]! * Math.log(Math.fround(pi)) + (1 - t[i]!) * Math.log(1 - Math.fround(pi)),
          0,
        );
        expectAllClose([lossOf(p, t)], [expected], SUM_REL_TOL);
      }),
    );
  });

  it('should never be negative', () => {
    fc.assert(
      fc.property(CASE, (c) => {
        expect(lossOf(split(c).p, split(c).t), 'the loss is negative: −log p never is').toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('should fall as the predictions move toward their targets', () => {
    fc.assert(
      fc.property(CASE, TOWARD, (c, k) => {
        const { p, t } = split(c);
        const closer = p.map((pi, i) => t[i]! + (1 - k) * (pi - t[i]!) + 0);
        expect(lossOf(closer, t)).toBeLessThanOrEqual(lossOf(p, t) * (1 + SUM_REL_TOL));
      }),
    );
  });

  it('should add the points up rather than average them: two copies of a set cost twice as much', () => {
    fc.assert(
      fc.property(CASE, (c) => {
        const { p, t } = split(c);
        expectAllClose([lossOf([...p, ...p], [...t, ...t])], [2 * lossOf(p, t)], SUM_REL_TOL);
      }),
    );
  });

  it('should be (almost) zero for perfect predictions', () => {
    fc.assert(
      fc.property(fc.array(LABEL, { minLength: 1, maxLength: 40 }), (t) => {
        expect(lossOf(t, t)).toBeLessThanOrEqual(PERFECT_PER_POINT * t.length);
      }),
    );
  });

  it('should stay finite, and large, when p reaches exactly 0 or 1 on the wrong side', () => {
    fc.assert(
      fc.property(fc.array(LABEL, { minLength: 1, maxLength: 40 }), (t) => {
        const loss = lossOf(
          t.map((v) => 1 - v),
          t,
        );
        expect(
          Number.isFinite(loss),
          `the loss is ${loss}: log(0) or 0·log(0) reached the sum; clip p into [${PROBABILITY_FLOOR}, 1 ` +
            `− ${PROBABILITY_FLOOR}] first`,
        ).toBe(true);
        // −log(1e-7) ≈ 16 per point: confident mistakes must still cost a lot.
        expect(loss).toBeGreaterThan(15 * t.length);
      }),
    );
  });

  it('should keep the gradient finite when p is exactly 0 or 1', () => {
    const p = column([0, 1, 0, 1]);
    const t = column([0, 1, 1, 0]);
    const grad = tf.grad((q: tf.Tensor) => crossEntropyLoss(q as tf.Tensor2D, t))(p);
    const values = Array.from(grad.dataSync());
    expect(
      values.every(Number.isFinite),
      `the gradient is [${values}]: a NaN or infinite gradient would wreck training`,
    ).toBe(true);
    tf.dispose([p, t, grad]);
  });

  it('should leave no tensor behind but the one it returns', () => {
    const p = column([0.1, 0.9, 0.5]);
    const t = column([0, 1, 1]);
    expectNoLeak(() => crossEntropyLoss(p, t));
    tf.dispose([p, t]);
  });
});
