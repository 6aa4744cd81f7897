import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectAllClose, expectNoLeak } from '../../lib/testing/tensors';
import { featureMatrix } from './data';

/** Months stay within a few years either side, so month^degree fits float32 without overflow. */
const MONTH = fc.double({ min: -40, max: 40, noNaN: true });
/** Degree 6 at |month| ≤ 40 is 4e9: well inside float32, and more powers than the book's 4. */
const DEGREE = fc.integer({ min: 0, max: 6 });
/** Feature matrices stay small: shape bugs show with a few rows. */
const MONTHS = fc.array(MONTH, { minLength: 1, maxLength: 12 });

describe('ch1 data: featureMatrix', () => {
  it('should have one row per month and degree + 1 columns', () => {
    fc.assert(
      fc.property(MONTHS, DEGREE, (months, degree) => {
        const x = featureMatrix(months, degree);
        expect(x.shape, 'the shape of featureMatrix(months, degree)').toEqual([months.length, degree + 1]);
        x.dispose();
      }),
    );
  });

  it('should make column n equal month^n for any month and degree', () => {
    fc.assert(
      fc.property(MONTHS, DEGREE, (months, degree) => {
        const x = featureMatrix(months, degree);
        const expected = months.flatMap((m) => Array.from({ length: degree + 1 }, (_, n) => m ** n));
        expectAllClose(x.dataSync(), expected);
        x.dispose();
      }),
    );
  });

  it('should put 1 in column 0, even for month 0', () => {
    const x = featureMatrix([0, 3, -2], 2);
    expect(Array.from(x.dataSync())).toEqual([1, 0, 0, 1, 3, 9, 1, -2, 4]);
    x.dispose();
  });

  it("should build the book's 12×5 matrix with degree 4 by default", () => {
    const x = featureMatrix(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(x.shape, 'the shape of featureMatrix(months 1..12)').toEqual([12, 5]);
    expect(Array.from(x.dataSync()).slice(-5)).toEqual([1, 12, 144, 1728, 20736]);
    x.dispose();
  });

  it('should accept every whole degree from 0 and refuse any other with a RangeError naming it', () => {
    tf.dispose(featureMatrix([1, 2], 0));
    for (const bad of [-1, 1.5, Number.NaN])
      expect(() => featureMatrix([1, 2], bad)).toThrow(new RangeError(`degree must be a whole number ≥ 0, got ${bad}`));
  });

  it('should leave no tensor behind but the one it returns', () => {
    expectNoLeak(() => featureMatrix([1, 2, 3], 4));
  });

  it('should return a float32 tensor, the dtype the model multiplies', () => {
    const x = featureMatrix([1, 2], 1);
    expect(x.dtype).toBe('float32');
    tf.dispose(x);
  });
});
