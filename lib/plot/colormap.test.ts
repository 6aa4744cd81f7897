import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clamp01, colormap, cycleColor, DEFAULT_COLORS, normalize } from './colormap';

const unit = fc.double({ min: 0, max: 1, noNaN: true });

describe('gray_r', () => {
  it('should map 0 to white and 1 to black', () => {
    expect(colormap('gray_r')(0)).toEqual([255, 255, 255]);
    expect(colormap('gray_r')(1)).toEqual([0, 0, 0]);
  });

  it('should darken as the value grows', () => {
    fc.assert(
      fc.property(unit, unit, (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(colormap('gray_r')(hi)[0]).toBeLessThanOrEqual(colormap('gray_r')(lo)[0]);
      }),
    );
  });

  it('should be the mirror image of gray', () => {
    fc.assert(
      fc.property(unit, (t) => {
        expect(colormap('gray_r')(t)[0] + colormap('gray')(t)[0]).toBeGreaterThanOrEqual(254);
        expect(colormap('gray_r')(t)[0] + colormap('gray')(t)[0]).toBeLessThanOrEqual(256);
      }),
    );
  });
});

describe('normalize', () => {
  it('should map vmin to 0, vmax to 1 and clamp outside', () => {
    expect(normalize(2, 2, 4)).toBe(0);
    expect(normalize(4, 2, 4)).toBe(1);
    expect(normalize(3, 2, 4)).toBe(0.5);
    expect(normalize(9, 2, 4)).toBe(1);
    expect(normalize(-9, 2, 4)).toBe(0);
  });

  it('should map a flat image and NaN to 0 instead of dividing by zero', () => {
    expect(normalize(5, 5, 5)).toBe(0);
    expect(clamp01(Number.NaN)).toBe(0);
  });
});

describe('cycleColor', () => {
  it("should follow matplotlib's colour cycle and wrap around", () => {
    expect(cycleColor(0)).toBe('#1f77b4');
    expect(cycleColor(1)).toBe('#ff7f0e');
    expect(cycleColor(DEFAULT_COLORS.length)).toBe('#1f77b4');
  });
});
