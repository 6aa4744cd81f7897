import fc from 'fast-check';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { colormap } from './colormap';
import { pngDataUri, rasterToPng } from './raster';

/** Grids up to the book's 100×100 probability field; larger adds run time, not coverage. */
const MAX_SIDE = 100;

const grid = fc
  .tuple(fc.integer({ min: 1, max: MAX_SIDE }), fc.integer({ min: 1, max: MAX_SIDE }))
  .chain(([rows, cols]) =>
    fc.record({
      rows: fc.constant(rows),
      cols: fc.constant(cols),
      values: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: rows * cols, maxLength: rows * cols }),
    }),
  );

function decode(png: Buffer): PNG {
  return PNG.sync.read(png);
}

describe('rasterToPng', () => {
  it('should decode to one pixel per value', () => {
    fc.assert(
      fc.property(grid, ({ rows, cols, values }) => {
        const png = decode(
          rasterToPng({ values, rows, cols, colormap: colormap('gray_r'), vmin: 0, vmax: 1, origin: 'upper' }),
        );
        expect([png.width, png.height]).toEqual([cols, rows]);
      }),
    );
  });

  it('should store each value as its gray_r level', () => {
    fc.assert(
      fc.property(grid, ({ rows, cols, values }) => {
        const png = decode(
          rasterToPng({ values, rows, cols, colormap: colormap('gray_r'), vmin: 0, vmax: 1, origin: 'upper' }),
        );
        // One comparison per grid, not per pixel: 10 000 expect calls per run would dominate the test time.
        const reds = Array.from({ length: values.length }, (_, i) => png.data[i * 4]);
        const alphas = new Set(Array.from({ length: values.length }, (_, i) => png.data[i * 4 + 3]));
        expect(reds).toEqual(values.map((v) => Math.round(255 * (1 - v))));
        expect([...alphas]).toEqual([255]);
      }),
    );
  });

  it("should put row 0 at the bottom for origin 'lower', like imshow", () => {
    const values = [1, 1, 0, 0]; // row 0 black, row 1 white
    const png = decode(
      rasterToPng({ values, rows: 2, cols: 2, colormap: colormap('gray_r'), vmin: 0, vmax: 1, origin: 'lower' }),
    );
    expect(png.data[0]).toBe(255); // top-left shows row 1
    expect(png.data[2 * 4]).toBe(0); // bottom-left shows row 0
  });

  it('should give the same bytes for the same values', () => {
    const spec = {
      values: [0, 0.25, 0.5, 1],
      rows: 2,
      cols: 2,
      colormap: colormap('gray_r'),
      vmin: 0,
      vmax: 1,
      origin: 'upper' as const,
    };
    expect(rasterToPng(spec).equals(rasterToPng(spec))).toBe(true);
  });

  it('should refuse a value count that does not match the grid', () => {
    expect(() =>
      rasterToPng({
        values: [0, 1, 2],
        rows: 2,
        cols: 2,
        colormap: colormap('gray'),
        vmin: 0,
        vmax: 1,
        origin: 'upper',
      }),
    ).toThrow(RangeError);
    expect(() =>
      rasterToPng({ values: [], rows: 0, cols: 0, colormap: colormap('gray'), vmin: 0, vmax: 1, origin: 'upper' }),
    ).toThrow(RangeError);
  });

  it('should wrap PNG bytes in a data URI', () => {
    expect(pngDataUri(Buffer.from([1, 2, 3]))).toBe('data:image/png;base64,AQID');
  });
});
