import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomState } from '../../lib/numpy-random';
import type { BlockSpec } from '../ch2-logistic-regression/data';
import { bookDataset, drawBlocks, inputMean, xorDataset } from './data';

/** numpy accepts seeds 0..2^32 − 1. */
const SEED = fc.integer({ min: 0, max: 2 ** 32 - 1 });
/** Blocks like the book's (10 to 30 points, variances 18 to 22), with room either side. */
const BLOCK: fc.Arbitrary<BlockSpec> = fc.record({
  n: fc.integer({ min: 0, max: 30 }),
  mean: fc.tuple(fc.double({ min: -30, max: 30, noNaN: true }), fc.double({ min: -30, max: 30, noNaN: true })),
  variance: fc.double({ min: 0.5, max: 40, noNaN: true }),
  label: fc.constantFrom(0, 1),
});
/** One to five blocks: the book draws two in chapter 2 and four here. */
const BLOCKS = fc.array(BLOCK, { minLength: 1, maxLength: 5 });

/** The book prints its DataFrames with six decimals. */
const BOOK_DECIMALS = 6;
const BOOK_TAIL = [
  ['19.706643', '24.780606', '1'],
  ['17.686418', '12.477638', '1'],
  ['14.573116', '24.185052', '1'],
  ['26.026245', '12.522857', '1'],
  ['23.832026', '29.230884', '1'],
];
/** The book's mult, train_x.flatten().mean(), as our data gives it (float64). */
const BOOK_MULT = 14.964778582550263;

const cov = (v: number) => [
  [v, 0],
  [0, v],
];

describe('ch3 data: drawBlocks and the chapter’s datasets', () => {
  it('should give Σ n rows, each block’s rows labelled with its label, in block order', () => {
    fc.assert(
      fc.property(SEED, BLOCKS, (seed, blocks) => {
        expect(drawBlocks(new RandomState(seed), blocks).t).toEqual(
          blocks.flatMap((b) => Array<number>(b.n).fill(b.label)),
        );
      }),
    );
  });

  it("should draw numpy's multivariate_normal for each block in turn from the one generator", () => {
    fc.assert(
      fc.property(SEED, BLOCKS, (seed, blocks) => {
        const twin = new RandomState(seed);
        const expected = blocks.flatMap((b) => twin.multivariateNormal(b.mean, cov(b.variance), b.n));
        expect(drawBlocks(new RandomState(seed), blocks).x).toEqual(expected);
      }),
    );
  });

  it("should reproduce the book's df.tail() digit for digit", () => {
    const { df } = bookDataset();
    const tail = df.x.slice(60).map((row, i) => [...row.map((v) => v.toFixed(BOOK_DECIMALS)), String(df.t[60 + i])]);
    expect(tail).toEqual(BOOK_TAIL);
  });

  it("should hold the book's 40 points of class 0 and 25 of class 1", () => {
    const { train } = bookDataset();
    expect([train.t.filter((t) => t === 0).length, train.t.filter((t) => t === 1).length]).toEqual([40, 25]);
  });

  it('should shuffle exactly the rows of df into the training set', () => {
    const { df, train } = bookDataset();
    const key = (x: number[], t: number) => `${x.join(',')},${t}`;
    expect(train.x.map((x, i) => key(x, train.t[i]!)).sort()).toEqual(df.x.map((x, i) => key(x, df.t[i]!)).sort());
    expect(train.x, 'the training set is df itself: it was never permuted').not.toEqual(df.x);
  });

  it("should give the book's mult, the mean of every training coordinate", () => {
    expect(inputMean(bookDataset().train)).toBeCloseTo(BOOK_MULT, 10);
  });

  it('should draw the XOR-like data: 30 points around each corner (±7, ±7), class 1 where the signs agree', () => {
    const { df } = xorDataset();
    expect(df.x).toHaveLength(120);
    for (let block = 0; block < 4; block++) {
      const rows = df.x.slice(block * 30, block * 30 + 30);
      const mean = [0, 1].map((axis) => rows.reduce((s, r) => s + r[axis]!, 0) / rows.length);
      // Each block's mean lies within 3 of its corner (the standard error is √18/√30 ≈ 0.8).
      const corner = [
        [-7, -7],
        [-7, 7],
        [7, -7],
        [7, 7],
      ][block]!;
      mean.forEach((m, axis) => expect(Math.abs(m - corner[axis]!)).toBeLessThan(3));
      expect(df.t[block * 30]).toBe(corner[0]! * corner[1]! > 0 ? 1 : 0);
    }
  });
});
