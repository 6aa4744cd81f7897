import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { leastSquares } from './least-squares';

/** Python: numpy.linalg.lstsq on the book's 12×5 month matrix (see fixtures/bands/ch1.json). */
const NUMPY_BOOK_OPTIMUM = {
  w: [11.12020202, -9.29360269, 4.06396659, -0.45402745, 0.01474359],
  loss: 12.144164724164595,
};
/** numpy printed 8 decimals; the conditioning (≈1e5) costs a few more digits of float64. */
const PRINTED_DIGITS_TOL = 1e-7;

describe('leastSquares', () => {
  it("should match numpy's optimum for the book's temperatures", () => {
    const t = [5.2, 5.7, 8.6, 14.9, 18.2, 20.4, 25.5, 26.4, 22.8, 17.5, 11.1, 6.6];
    const rows = t.map((_, i) => [0, 1, 2, 3, 4].map((n) => (i + 1) ** n));
    const { w, loss } = leastSquares(rows, t);
    w.forEach((v, i) => expect(Math.abs(v - NUMPY_BOOK_OPTIMUM.w[i]!)).toBeLessThan(PRINTED_DIGITS_TOL * 100));
    expect(Math.abs(loss - NUMPY_BOOK_OPTIMUM.loss)).toBeLessThan(1e-9);
  });

  it('should recover exact coefficients when the data lie on the model', () => {
    // Integer coefficients and small inputs: the fit must be exact to rounding.
    const COEF = fc.integer({ min: -5, max: 5 });
    fc.assert(
      fc.property(fc.array(COEF, { minLength: 3, maxLength: 3 }), (truth) => {
        const rows = [1, 2, 3, 4, 5, 6].map((x) => [1, x, x * x]);
        const t = rows.map((r) => r.reduce((s, v, i) => s + v * truth[i]!, 0));
        leastSquares(rows, t).w.forEach((v, i) => expect(v).toBeCloseTo(truth[i]!, 9));
      }),
    );
  });

  it('should have a residual orthogonal to every column', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 8, maxLength: 8 }), (t) => {
        const rows = t.map((_, i) => [1, i, i * i]);
        const { w } = leastSquares(rows, t);
        const residual = rows.map((r, i) => r.reduce((s, v, c) => s + v * w[c]!, 0) - t[i]!);
        for (let c = 0; c < 3; c++)
          expect(Math.abs(rows.reduce((s, r, i) => s + r[c]! * residual[i]!, 0))).toBeLessThan(1e-8);
      }),
    );
  });

  it('should refuse fewer rows than columns and dependent columns', () => {
    expect(() => leastSquares([[1, 2]], [1])).toThrow(RangeError);
    expect(() =>
      leastSquares(
        [
          [0, 1],
          [0, 2],
          [0, 3],
        ],
        [1, 2, 3],
      ),
    ).toThrow(/dependent/);
  });
});
