import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectAllClose, expectNoLeak } from '../../lib/testing/tensors';
import { squaredErrorLoss } from './loss';

/** Temperatures and predictions of the book's size; float32 keeps their squares exact enough. */
const VALUE = fc.double({ min: -50, max: 50, noNaN: true });
const PAIR = fc
  .integer({ min: 1, max: 12 })
  .chain((n) =>
    fc.tuple(fc.array(VALUE, { minLength: n, maxLength: n }), fc.array(VALUE, { minLength: n, maxLength: n })),
  );
/** Residual scales for the quadratic law; up to 8× keeps (8·100)²·12 far below float32's range. */
const SCALE = fc.integer({ min: -8, max: 8 });

const column = (values: readonly number[]) => tf.tensor2d([...values], [values.length, 1]);
const lossOf = (y: readonly number[], t: readonly number[]) =>
  tf.tidy(() => squaredErrorLoss(column(y), column(t)).dataSync()[0]!);

describe('ch1 loss: squaredErrorLoss', () => {
  it('should return a scalar', () => {
    tf.tidy(() => {
      expect(squaredErrorLoss(column([1, 2]), column([0, 0])).shape, 'the shape of the loss: a scalar').toEqual([]);
    });
  });

  it('should equal the plain-JS sum of squared differences', () => {
    fc.assert(
      fc.property(PAIR, ([y, t]) => {
        expectAllClose([lossOf(y, t)], [y.reduce((s, v, i) => s + (Math.fround(v) - Math.fround(t[i]!)) ** 2, 0)]);
      }),
    );
  });

  it('should never be negative', () => {
    fc.assert(
      fc.property(PAIR, ([y, t]) => {
        expect(lossOf(y, t), 'the loss is negative, and a sum of squares never is').toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('should be zero when the prediction equals the target', () => {
    fc.assert(
      fc.property(PAIR, ([, t]) => {
        expect(lossOf(t, t), 'the loss of predictions equal to their targets').toBe(0);
      }),
    );
  });

  it('should be positive when any prediction misses its target', () => {
    // A miss of at least 0.5 squares to 0.25, far from float32 underflow, so "positive" is decidable.
    const MISS = fc.double({ min: 0.5, max: 10, noNaN: true });
    fc.assert(
      fc.property(PAIR, MISS, fc.nat(), ([, t], miss, at) => {
        const y = t.map((v, i) => (i === at % t.length ? v + miss : v));
        expect(
          lossOf(y, t),
          `one prediction misses its target by ${miss}, yet the loss is not positive`,
        ).toBeGreaterThan(0);
      }),
    );
  });

  it('should scale quadratically with the residual: loss(t + k·r, t) = k²·loss(t + r, t)', () => {
    fc.assert(
      fc.property(PAIR, SCALE, ([r, t], k) => {
        // Residuals as whole numbers keep t + k·r exact in float32, so only the sum rounds.
        const residual = r.map(Math.round);
        const base = lossOf(
          residual.map((v, i) => t[i]! + v),
          t,
        );
        const scaled = lossOf(
          residual.map((v, i) => t[i]! + k * v),
          t,
        );
        expectAllClose([scaled], [k * k * base], 1e-4);
      }),
    );
  });

  it('should leave no tensor behind but the one it returns', () => {
    const y = column([1, 2, 3]);
    const t = column([3, 2, 1]);
    expectNoLeak(() => squaredErrorLoss(y, t));
    tf.dispose([y, t]);
  });
});
