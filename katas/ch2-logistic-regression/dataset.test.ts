import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomState } from '../../lib/numpy-random';
import { CH2_BLOCKS, drawShuffled } from '../../lib/testing/classifier-data';
import type { LabelledSet } from './data';
import { bookTrainingSet, permuteRows, splitExperimentSet } from './dataset';

/** numpy accepts seeds 0..2^32 − 1. */
const SEED = fc.integer({ min: 0, max: 2 ** 32 - 1 });
/** Sets up to 60 rows: shuffling bugs (lost rows, labels left behind) show in a few rows. */
const SET: fc.Arbitrary<LabelledSet> = fc
  .array(
    fc.tuple(
      fc.double({ min: -100, max: 100, noNaN: true }),
      fc.double({ min: -100, max: 100, noNaN: true }),
      fc.constantFrom(0, 1),
    ),
    { maxLength: 60 },
  )
  .map((rows) => ({ x: rows.map(([a, b]) => [a, b]), t: rows.map(([, , t]) => t) }));

/** The book prints its DataFrames with six decimals. */
const BOOK_DECIMALS = 6;
const BOOK_HEAD = [
  ['8.757376', '13.871496', '0'],
  ['10.477299', '6.924247', '0'],
  ['18.508789', '16.273824', '1'],
  ['14.363211', '18.352569', '1'],
  ['24.465507', '18.948523', '1'],
];

const rowsOf = (set: LabelledSet) => set.x.map((x, i) => [...x, set.t[i]!]);
const sortedRows = (set: LabelledSet) =>
  rowsOf(set)
    .map((r) => r.join(','))
    .sort();

describe('ch2 dataset: permuteRows and the book’s training set', () => {
  it('should keep every row, each point with its own label', () => {
    fc.assert(
      fc.property(SEED, SET, (seed, set) => {
        expect(sortedRows(permuteRows(new RandomState(seed), set))).toEqual(sortedRows(set));
      }),
    );
  });

  it('should put row perm[i] at position i, where perm = rs.permutation(N)', () => {
    fc.assert(
      fc.property(SEED, SET, (seed, set) => {
        const perm = new RandomState(seed).permutation(set.x.length);
        expect(rowsOf(permuteRows(new RandomState(seed), set))).toEqual(perm.map((i) => rowsOf(set)[i]));
      }),
    );
  });

  it('should draw one permutation and nothing more from the generator', () => {
    fc.assert(
      fc.property(SEED, SET, (seed, set) => {
        const twin = new RandomState(seed);
        twin.permutation(set.x.length);
        const rs = new RandomState(seed);
        permuteRows(rs, set);
        expect(rs.nextDouble()).toBe(twin.nextDouble());
      }),
    );
  });

  it('should not change the set it permutes', () => {
    fc.assert(
      fc.property(SEED, SET, (seed, set) => {
        const before = JSON.stringify(set);
        permuteRows(new RandomState(seed), set);
        expect(JSON.stringify(set)).toBe(before);
      }),
    );
  });

  it("should reproduce the book's first five training rows digit for digit", () => {
    const set = bookTrainingSet();
    const head = rowsOf(set)
      .slice(0, 5)
      .map((row) => row.map((v, i) => (i < 2 ? v.toFixed(BOOK_DECIMALS) : String(v))));
    expect(head).toEqual(BOOK_HEAD);
  });

  it("should hold the book's 20 normal and 15 infected points", () => {
    const { t } = bookTrainingSet();
    expect([t.filter((v) => v === 0).length, t.filter((v) => v === 1).length]).toEqual([20, 15]);
  });

  it('should continue the same generator for the split experiment, 800 + 600 points drawn after the 35', () => {
    const rs = new RandomState(20180311);
    bookTrainingSet(rs);
    const twin = new RandomState(20180311);
    drawShuffled(twin, CH2_BLOCKS);
    const expected = drawShuffled(
      twin,
      CH2_BLOCKS.map(([n, mean, variance, label]) => [n * 40, mean, variance, label] as const),
    );
    expect(splitExperimentSet(rs)).toEqual(expected);
  });
});
