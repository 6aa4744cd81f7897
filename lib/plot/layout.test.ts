import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitAspect, gridCell, inset } from './layout';

/** Figure sizes in pixels up to a poster; the ratios cover tall and wide data alike. */
const MAX_SIDE = 4000;
const MIN_RATIO = 0.01;
const MAX_RATIO = 100;
/** Float slack in pixels. */
const TOLERANCE = 1e-6;

const box = fc.record({
  x: fc.integer({ min: 0, max: MAX_SIDE }),
  y: fc.integer({ min: 0, max: MAX_SIDE }),
  width: fc.integer({ min: 1, max: MAX_SIDE }),
  height: fc.integer({ min: 1, max: MAX_SIDE }),
});

describe('fitAspect', () => {
  it('should keep the requested ratio inside the box', () => {
    fc.assert(
      fc.property(box, fc.double({ min: MIN_RATIO, max: MAX_RATIO, noNaN: true }), (b, ratio) => {
        const fitted = fitAspect(b, ratio);
        expect(fitted.width / fitted.height).toBeCloseTo(ratio, 6);
        expect(fitted.x).toBeGreaterThanOrEqual(b.x - TOLERANCE);
        expect(fitted.y).toBeGreaterThanOrEqual(b.y - TOLERANCE);
        expect(fitted.x + fitted.width).toBeLessThanOrEqual(b.x + b.width + TOLERANCE);
        expect(fitted.y + fitted.height).toBeLessThanOrEqual(b.y + b.height + TOLERANCE);
      }),
    );
  });

  it('should leave the box alone for a meaningless ratio', () => {
    const b = { x: 0, y: 0, width: 10, height: 5 };
    expect(fitAspect(b, Number.NaN)).toBe(b);
  });
});

describe('gridCell and inset', () => {
  it('should tile the figure without gaps', () => {
    const outer = { x: 0, y: 0, width: 640, height: 480 };
    expect(gridCell(outer, 5, 4, 4, 3)).toEqual({ x: 480, y: 384, width: 160, height: 96 });
  });

  it('should never produce a negative size', () => {
    expect(inset({ x: 0, y: 0, width: 10, height: 10 }, { top: 8, right: 8, bottom: 8, left: 8 })).toEqual({
      x: 8,
      y: 8,
      width: 0,
      height: 0,
    });
  });
});
