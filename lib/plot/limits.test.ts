import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AUTOSCALE_MARGIN, autoscale, extentOf } from './limits';

/** Data magnitudes of the book's figures (temperatures, steps, coordinates) with room to spare. */
const MAX_MAGNITUDE = 1e6;

const values = fc.array(fc.double({ min: -MAX_MAGNITUDE, max: MAX_MAGNITUDE, noNaN: true }), {
  minLength: 1,
  maxLength: 50,
});

describe('autoscale', () => {
  it('should contain all the data with a margin', () => {
    fc.assert(
      fc.property(values, (data) => {
        const [lo, hi] = autoscale([extentOf(data)]);
        expect(lo).toBeLessThan(Math.min(...data));
        expect(hi).toBeGreaterThan(Math.max(...data));
      }),
    );
  });

  it("should pad by matplotlib's 5 % on each side", () => {
    expect(autoscale([{ lo: 0, hi: 10 }])).toEqual([-10 * AUTOSCALE_MARGIN, 10 + 10 * AUTOSCALE_MARGIN]);
  });

  it('should not pad past a sticky edge the data reaches', () => {
    expect(autoscale([{ lo: 0, hi: 30, sticky: [0, 30] }])).toEqual([0, 30]);
    expect(autoscale([{ lo: 0, hi: 0.5, sticky: [0] }])).toEqual([0, 0.5 * (1 + AUTOSCALE_MARGIN)]);
  });

  it('should give a flat series and an empty panel a visible range', () => {
    expect(autoscale([{ lo: 2, hi: 2 }])).toEqual([1.9, 2.1]);
    expect(autoscale([{ lo: 0, hi: 0 }])).toEqual([-0.05, 0.05]);
    expect(autoscale([])).toEqual([0, 1]);
    expect(autoscale([extentOf([Number.NaN])])).toEqual([0, 1]);
  });
});
