import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LabelledSet } from './data';
import { splitTrainTest } from './split';

/** Up to 200 rows, enough for every rounding of N·fraction to occur. */
const SET: fc.Arbitrary<LabelledSet> = fc
  .array(
    fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: -1000, max: 1000 }), fc.constantFrom(0, 1)),
    { maxLength: 200 },
  )
  .map((rows) => ({ x: rows.map(([a, b]) => [a, b]), t: rows.map(([, , t]) => t) }));
const FRACTION = fc.double({ min: 0, max: 1, noNaN: true });

/** The book's split experiment: 800 + 600 points. */
const SPLIT_ROWS = 1400;

describe('ch2 split: splitTrainTest', () => {
  it('should refuse a fraction outside [0, 1] with a RangeError naming it', () => {
    const set = { x: [[1, 2]], t: [1] };
    expect(splitTrainTest(set, 1).train.t).toEqual([1]);
    for (const bad of [-0.1, 1.1, Number.NaN])
      expect(() => splitTrainTest(set, bad)).toThrow(new RangeError(`trainFraction must be in [0, 1], got ${bad}`));
  });

  it('should give the first floor(N·fraction) rows to the training set', () => {
    fc.assert(
      fc.property(SET, FRACTION, (set, f) => {
        const { train } = splitTrainTest(set, f);
        expect([train.x.length, train.t.length], `training rows of ${set.x.length} at fraction ${f}`).toEqual([
          Math.floor(set.x.length * f),
          Math.floor(set.x.length * f),
        ]);
      }),
    );
  });

  it('should be a partition: the training rows followed by the test rows are the set itself', () => {
    fc.assert(
      fc.property(SET, FRACTION, (set, f) => {
        const { train, test } = splitTrainTest(set, f);
        expect({ x: [...train.x, ...test.x], t: [...train.t, ...test.t] }).toEqual(set);
      }),
    );
  });

  it('should keep each label with its point', () => {
    fc.assert(
      fc.property(SET, FRACTION, (set, f) => {
        const { train, test } = splitTrainTest(set, f);
        expect([train.x.length, test.x.length]).toEqual([train.t.length, test.t.length]);
      }),
    );
  });

  it("should keep the book's 80% by default: 1400 rows become 1120 for training and 280 for testing", () => {
    const set = {
      x: Array.from({ length: SPLIT_ROWS }, (_, i) => [i, -i]),
      t: Array.from({ length: SPLIT_ROWS }, (_, i) => i % 2),
    };
    const { train, test } = splitTrainTest(set);
    expect([train.x.length, test.x.length]).toEqual([1120, 280]);
    expect(test.x[0]).toEqual([1120, -1120]);
  });

  it('should put every row in the test set for fraction 0 and in the training set for fraction 1', () => {
    fc.assert(
      fc.property(SET, (set) => {
        expect(splitTrainTest(set, 0).test).toEqual(set);
        expect(splitTrainTest(set, 1).train).toEqual(set);
      }),
    );
  });

  it('should not change the set it splits', () => {
    fc.assert(
      fc.property(SET, FRACTION, (set, f) => {
        const before = JSON.stringify(set);
        splitTrainTest(set, f);
        expect(JSON.stringify(set)).toBe(before);
      }),
    );
  });
});
