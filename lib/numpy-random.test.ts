import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import reference from '../fixtures/numpy-random/reference.json';
import { RandomState } from './numpy-random';

/** The bar: numpy's own doubles, allowing only a last-bit difference in libm's log. */
const EXACT_TO = 1e-12;
/** The book prints its tables with `%f`: six decimals, so a reproduced value rounds to the same digits. */
const BOOK_DECIMALS = 6;

function expectClose(actual: ArrayLike<number>, expected: readonly number[]): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((value, i) =>
    expect(Math.abs(actual[i]! - value)).toBeLessThanOrEqual(EXACT_TO * Math.max(1, Math.abs(value))),
  );
}

describe('RandomState against numpy draws', () => {
  for (const ref of reference.cases) {
    describe(`seed ${ref.seed}`, () => {
      // One generator walks the whole reference sequence, because each call must continue numpy's stream.
      const rs = new RandomState(ref.seed);
      it('should give the same random samples as random_sample', () =>
        expectClose(rs.randomSample(7), ref.randomSample));
      it('should give the same normals as standard_normal, leaving the cached second value', () =>
        expectClose(rs.standardNormal(11), ref.standardNormal));
      it('should give the same rows as multivariate_normal for an isotropic covariance', () =>
        expectClose(
          rs
            .multivariateNormal(
              [10, 11],
              [
                [20, 0],
                [0, 20],
              ],
              5,
            )
            .flat(),
          ref.mvnIsotropic.flat(),
        ));
      it('should give the same rows as multivariate_normal for an unequal diagonal covariance', () =>
        expectClose(
          rs
            .multivariateNormal(
              [1, -2, 3],
              [
                [2, 0, 0],
                [0, 7, 0],
                [0, 0, 4],
              ],
              4,
            )
            .flat(),
          ref.mvnDiagonal.flat(),
        ));
      it('should give the same permutation', () => expect(rs.permutation(35)).toEqual(ref.permutation));
      it('should give the same large permutation', () =>
        expect(rs.permutation(70000).slice(0, 20)).toEqual(ref.permutationLarge));
      it('should continue the same stream after every other call', () => expectClose(rs.randomSample(3), ref.afterAll));
    });
  }
});

describe('RandomState properties', () => {
  const seed = fc.integer({ min: 0, max: 2 ** 32 - 1 });
  it('should reject seeds numpy rejects', () => {
    for (const bad of [-1, 2 ** 32, 1.5, Number.NaN]) expect(() => new RandomState(bad)).toThrow(RangeError);
  });
  it('should give the same stream for the same seed', () => {
    fc.assert(
      fc.property(seed, (s) => {
        expect(new RandomState(s).randomSample(4)).toEqual(new RandomState(s).randomSample(4));
      }),
    );
  });
  it('should keep random samples in [0, 1)', () => {
    fc.assert(fc.property(seed, (s) => new RandomState(s).randomSample(64).every((u) => u >= 0 && u < 1)));
  });
  it('should make a permutation hold every index exactly once', () => {
    fc.assert(
      fc.property(seed, fc.integer({ min: 0, max: 200 }), (s, n) => {
        expect([...new RandomState(s).permutation(n)].sort((a, b) => a - b)).toEqual(
          Array.from({ length: n }, (_, i) => i),
        );
      }),
    );
  });
  it('should keep every interval draw inside [0, max]', () => {
    fc.assert(
      fc.property(seed, fc.integer({ min: 0, max: 2 ** 32 - 1 }), (s, max) => {
        const v = new RandomState(s).nextInterval(max);
        return v >= 0 && v <= max && Number.isInteger(v);
      }),
    );
  });
  it('should rotate a non-diagonal covariance into correctly scaled draws', () => {
    // Sample covariance of many draws approaches cov; 20000 rows keep the error near 2%.
    const DRAWS = 20000;
    const SAMPLE_TOLERANCE = 0.1;
    const cov = [
      [4, 1.5],
      [1.5, 2],
    ];
    const rows = new RandomState(7).multivariateNormal([0, 0], cov, DRAWS);
    const c01 = rows.reduce((s, r) => s + r[0]! * r[1]!, 0) / DRAWS;
    const c00 = rows.reduce((s, r) => s + r[0]! ** 2, 0) / DRAWS;
    expect(Math.abs(c01 - 1.5)).toBeLessThan(SAMPLE_TOLERANCE * 1.5);
    expect(Math.abs(c00 - 4)).toBeLessThan(SAMPLE_TOLERANCE * 4);
  });
  it('should refuse a covariance whose size does not match the mean', () => {
    expect(() => new RandomState(1).multivariateNormal([0, 0], [[1]], 1)).toThrow(/2×2/);
  });
});

function block(rs: RandomState, n: number, mean: [number, number], variance: number, t: number): number[][] {
  return rs
    .multivariateNormal(
      mean,
      [
        [variance, 0],
        [0, variance],
      ],
      n,
    )
    .map(([x1, x2]) => [x1!, x2!, t]);
}
const fixed = (rows: number[][]) =>
  rows.map((row) => row.map((v, i) => (i < 2 ? v.toFixed(BOOK_DECIMALS) : String(v))));

describe("the book's printed tables", () => {
  it('should reproduce the chapter 2 training table digit for digit', () => {
    const rs = new RandomState(20180311);
    const all = [...block(rs, 20, [10, 11], 20, 0), ...block(rs, 15, [18, 20], 22, 1)];
    const head = rs
      .permutation(all.length)
      .slice(0, 5)
      .map((i) => all[i]!);
    expect(fixed(head)).toEqual([
      ['8.757376', '13.871496', '0'],
      ['10.477299', '6.924247', '0'],
      ['18.508789', '16.273824', '1'],
      ['14.363211', '18.352569', '1'],
      ['24.465507', '18.948523', '1'],
    ]);
  });
  it('should reproduce the chapter 3 df.tail() table digit for digit', () => {
    const rs = new RandomState(20180311);
    const all = [
      ...block(rs, 15, [7, 7], 22, 0),
      ...block(rs, 15, [22, 7], 22, 0),
      ...block(rs, 10, [7, 22], 22, 0),
      ...block(rs, 25, [20, 20], 22, 1),
    ];
    expect(fixed(all.slice(60))).toEqual([
      ['19.706643', '24.780606', '1'],
      ['17.686418', '12.477638', '1'],
      ['14.573116', '24.185052', '1'],
      ['26.026245', '12.522857', '1'],
      ['23.832026', '29.230884', '1'],
    ]);
  });
});
