import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linearScale } from './scale';

/** Data ranges from tiny probabilities to step counts, well inside double precision. */
const MAX_MAGNITUDE = 1e6;
/** Smallest domain width tested: narrower domains lose relative precision in the comparison. */
const MIN_WIDTH = 1e-3;
/**
 * Pixel tolerance: a domain 1e-3 wide placed at 1e6 keeps only ~1e-7 of relative precision, which
 * over 2000 px is ~2e-4 px of float noise; still ten times below the 0.01 px that fmt writes.
 */
const PIXEL_TOLERANCE = 1e-3;

const domain = fc
  .tuple(
    fc.double({ min: -MAX_MAGNITUDE, max: MAX_MAGNITUDE, noNaN: true }),
    fc.double({ min: MIN_WIDTH, max: MAX_MAGNITUDE, noNaN: true }),
  )
  .map(([lo, width]) => [lo, lo + width] as const);
const pixelRange = fc
  .tuple(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 1, max: 2000 }), fc.boolean())
  .map(([start, length, flipped]) =>
    flipped ? ([start + length, start] as const) : ([start, start + length] as const),
  );

describe('linearScale', () => {
  it('should map the limits to the plot edges', () => {
    fc.assert(
      fc.property(domain, pixelRange, (d, r) => {
        const scale = linearScale(d, r);
        expect(Math.abs(scale(d[0]) - r[0])).toBeLessThanOrEqual(PIXEL_TOLERANCE);
        expect(Math.abs(scale(d[1]) - r[1])).toBeLessThanOrEqual(PIXEL_TOLERANCE);
      }),
    );
  });

  it('should preserve order along x and reverse it along a flipped (y) range', () => {
    fc.assert(
      fc.property(
        domain,
        pixelRange,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (d, r, s, t) => {
          const scale = linearScale(d, r);
          const [a, b] = [d[0] + (d[1] - d[0]) * Math.min(s, t), d[0] + (d[1] - d[0]) * Math.max(s, t)];
          const direction = Math.sign(r[1] - r[0]);
          expect(direction * (scale(b) - scale(a))).toBeGreaterThanOrEqual(-PIXEL_TOLERANCE);
        },
      ),
    );
  });

  it('should keep points inside the limits inside the plot', () => {
    fc.assert(
      fc.property(domain, pixelRange, fc.double({ min: 0, max: 1, noNaN: true }), (d, r, t) => {
        const px = linearScale(d, r)(d[0] + (d[1] - d[0]) * t);
        expect(px).toBeGreaterThanOrEqual(Math.min(...r) - PIXEL_TOLERANCE);
        expect(px).toBeLessThanOrEqual(Math.max(...r) + PIXEL_TOLERANCE);
      }),
    );
  });

  it('should refuse an empty or non-finite domain', () => {
    expect(() => linearScale([1, 1], [0, 10])).toThrow(RangeError);
    expect(() => linearScale([0, Number.NaN], [0, 10])).toThrow(RangeError);
  });
});
