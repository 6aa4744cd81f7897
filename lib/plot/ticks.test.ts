import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalsOf, fixedTicks, formatTick, intervalBudget, niceStep, niceTicks } from './ticks';

/** Axis ranges from probabilities (1e-3 wide) to step counts in the millions. */
const MIN_WIDTH = 1e-3;
const MAX_MAGNITUDE = 1e6;
/** MaxNLocator's budget range: matplotlib clamps it to 3..9; 2 is the smallest niceTicks honours. */
const MIN_INTERVALS = 2;
const MAX_INTERVALS = 9;
/** Relative slack for comparing tick positions that went through toFixed rounding: a billionth of a step. */
const RELATIVE_TOLERANCE = 1e-9;
/** Rounding noise relative to the magnitude of the limits, about 50 ulps. */
const MAGNITUDE_TOLERANCE = 1e-14;

const range = fc
  .tuple(
    fc.double({ min: -MAX_MAGNITUDE, max: MAX_MAGNITUDE, noNaN: true }),
    fc.double({ min: MIN_WIDTH, max: MAX_MAGNITUDE, noNaN: true }),
  )
  .map(([lo, width]) => [lo, lo + width] as const);
const budget = fc.integer({ min: MIN_INTERVALS, max: MAX_INTERVALS });

function slack(lo: number, hi: number, step: number): number {
  return Math.max(RELATIVE_TOLERANCE * step, MAGNITUDE_TOLERANCE * Math.max(Math.abs(lo), Math.abs(hi)));
}

describe('niceTicks', () => {
  it('should cover the range, leaving less than one step uncovered at either end', () => {
    fc.assert(
      fc.property(range, budget, ([lo, hi], n) => {
        const { values, step } = niceTicks(lo, hi, n);
        expect(values.length).toBeGreaterThan(0);
        expect(values[0]! - lo).toBeLessThan(step + slack(lo, hi, step));
        expect(hi - values[values.length - 1]!).toBeLessThan(step + slack(lo, hi, step));
      }),
    );
  });

  it('should place every tick inside the range', () => {
    fc.assert(
      fc.property(range, budget, ([lo, hi], n) => {
        const { values, step } = niceTicks(lo, hi, n);
        for (const v of values) {
          expect(v).toBeGreaterThanOrEqual(lo - slack(lo, hi, step));
          expect(v).toBeLessThanOrEqual(hi + slack(lo, hi, step));
        }
      }),
    );
  });

  it('should space ticks evenly by the step', () => {
    fc.assert(
      fc.property(range, budget, ([lo, hi], n) => {
        const { values, step } = niceTicks(lo, hi, n);
        for (let i = 1; i < values.length; i++) {
          expect(Math.abs(values[i]! - values[i - 1]! - step)).toBeLessThanOrEqual(2 * slack(lo, hi, step));
        }
      }),
    );
  });

  it('should keep within the interval budget', () => {
    fc.assert(
      fc.property(range, budget, ([lo, hi], n) => {
        expect(niceTicks(lo, hi, n).values.length - 1).toBeLessThanOrEqual(n);
      }),
    );
  });

  it('should use a step of 1, 2, 2.5 or 5 times a power of ten', () => {
    fc.assert(
      fc.property(range, budget, ([lo, hi], n) => {
        const { step } = niceTicks(lo, hi, n);
        const mantissa = step / 10 ** Math.floor(Math.log10(step) + RELATIVE_TOLERANCE);
        expect([1, 2, 2.5, 5].some((m) => Math.abs(mantissa - m) < 1e-6)).toBe(true);
      }),
    );
  });

  it("should reproduce matplotlib's ticks for the book's axes", () => {
    expect(niceTicks(0, 30, 9).labels).toEqual(['0', '5', '10', '15', '20', '25', '30']);
    expect(niceTicks(-15, 15, 9).labels).toEqual(['\u221215', '\u221210', '\u22125', '0', '5', '10', '15']);
    expect(niceTicks(0, 1, 9).labels).toEqual(['0.0', '0.2', '0.4', '0.6', '0.8', '1.0']);
    expect(niceTicks(1, 12, 9).labels).toEqual(['2', '4', '6', '8', '10', '12']);
    expect(niceTicks(0, 2500, 9).labels).toEqual(['0', '500', '1000', '1500', '2000', '2500']);
  });

  it('should still show a tick when asked for a single interval', () => {
    expect(niceTicks(2e-12, 0.001000000003, 1).values.length).toBeGreaterThan(0);
  });

  it('should refuse an empty or reversed range', () => {
    expect(() => niceTicks(1, 1, 5)).toThrow(RangeError);
    expect(() => niceTicks(2, 1, 5)).toThrow(RangeError);
    expect(() => niceTicks(0, Number.POSITIVE_INFINITY, 5)).toThrow(RangeError);
  });
});

describe('tick helpers', () => {
  it('should pick the smallest nice step at least as large as asked', () => {
    expect(niceStep(3.3)).toBe(5);
    expect(niceStep(0.11)).toBe(0.2);
    expect(niceStep(2.2)).toBe(2.5);
    expect(niceStep(7)).toBe(10);
  });

  it('should count the decimals a value needs', () => {
    expect(decimalsOf(5)).toBe(0);
    expect(decimalsOf(0.25)).toBe(2);
    expect(decimalsOf(0.1 + 0.2)).toBe(1);
  });

  it('should print zero without a sign and negatives with a minus sign', () => {
    expect(formatTick(-0.0001, 1)).toBe('0.0');
    expect(formatTick(-2.5, 1)).toBe('\u22122.5');
  });

  it('should label hand-picked ticks with shared decimals unless labels are given', () => {
    expect(fixedTicks([0, 0.5, 1]).labels).toEqual(['0.0', '0.5', '1.0']);
    expect(fixedTicks([0, 1], ['no', 'yes']).labels).toEqual(['no', 'yes']);
  });

  it('should clamp the interval budget to 3..9', () => {
    expect(intervalBudget(10, 13, 'x')).toBe(3);
    expect(intervalBudget(5000, 13, 'y')).toBe(9);
    expect(intervalBudget(200, 10, 'x')).toBe(6);
  });
});
