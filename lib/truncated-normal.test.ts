import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomState } from './numpy-random';
import { TRUNCATE_AT, truncatedNormal } from './truncated-normal';

/** numpy accepts seeds up to 2^32 − 1. */
const SEED = fc.integer({ min: 0, max: 2 ** 32 - 1 });
/** Weight matrices of the chapter 3 networks are at most a few units wide. */
const DIM = fc.integer({ min: 0, max: 8 });

describe('truncatedNormal', () => {
  it('should give rows × cols values', () => {
    fc.assert(fc.property(SEED, DIM, DIM, (s, r, c) => truncatedNormal(new RandomState(s), r, c).length === r * c));
  });

  it('should keep every value within two standard deviations', () => {
    const STDDEV = fc.double({ min: 0.01, max: 10, noNaN: true });
    fc.assert(
      fc.property(SEED, DIM, DIM, STDDEV, (s, r, c, sd) =>
        truncatedNormal(new RandomState(s), r, c, sd).every((v) => Math.abs(v) <= TRUNCATE_AT * sd),
      ),
    );
  });

  it('should give the same values for the same seed', () => {
    fc.assert(
      fc.property(SEED, (s) => {
        expect(truncatedNormal(new RandomState(s), 2, 4)).toEqual(truncatedNormal(new RandomState(s), 2, 4));
      }),
    );
  });

  it("should keep numpy's normals that are inside the cut, in order, and skip the others", () => {
    const reference = new RandomState(20180311);
    const kept: number[] = [];
    while (kept.length < 40) {
      const z = reference.nextGauss();
      if (Math.abs(z) <= TRUNCATE_AT) kept.push(z);
    }
    expect(truncatedNormal(new RandomState(20180311), 5, 8)).toEqual(kept);
  });

  it('should have the truncated distribution’s spread', () => {
    // The variance of a standard normal cut at ±2 is 0.7737; 20000 draws estimate it within about 1%.
    const DRAWS = 20000;
    const TRUNCATED_VARIANCE = 0.7737;
    const values = truncatedNormal(new RandomState(7), DRAWS, 1);
    const mean = values.reduce((s, v) => s + v, 0) / DRAWS;
    const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / DRAWS;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - TRUNCATED_VARIANCE)).toBeLessThan(0.03);
  });

  it('should refuse a shape that is not whole numbers', () => {
    expect(() => truncatedNormal(new RandomState(1), 1.5, 2)).toThrow(RangeError);
  });
});
