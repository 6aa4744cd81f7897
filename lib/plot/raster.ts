/**
 * Grids of values as PNG images. Fields and digits are embedded as one small raster each instead of
 * thousands of <rect>s: the SVG stays small and renders fast, and the viewer scales it up.
 */
import { PNG } from 'pngjs';
import { type Colormap, normalize } from './colormap';

/** Where row 0 of the values goes: matplotlib's `origin` ('upper' for images, 'lower' for fields). */
export type Origin = 'upper' | 'lower';

export interface RasterSpec {
  readonly values: ArrayLike<number>;
  readonly rows: number;
  readonly cols: number;
  readonly colormap: Colormap;
  readonly vmin: number;
  readonly vmax: number;
  readonly origin: Origin;
}

/** Encodes the grid as an opaque RGBA PNG, one PNG pixel per value. */
export function rasterToPng(spec: RasterSpec): Buffer {
  const { values, rows, cols } = spec;
  checkGrid(values.length, rows, cols);
  const png = new PNG({ width: cols, height: rows });
  for (let row = 0; row < rows; row++) {
    // PNG rows run top to bottom; with origin 'lower' the first row of values is the bottom one.
    const sourceRow = spec.origin === 'upper' ? row : rows - 1 - row;
    for (let col = 0; col < cols; col++) {
      const [r, g, b] = spec.colormap(normalize(values[sourceRow * cols + col]!, spec.vmin, spec.vmax));
      const offset = (row * cols + col) * 4;
      png.data[offset] = r;
      png.data[offset + 1] = g;
      png.data[offset + 2] = b;
      png.data[offset + 3] = 255;
    }
  }
  // Fixed settings so that the same values always give the same bytes.
  return PNG.sync.write(png, { colorType: 6, deflateLevel: 9 });
}

export function pngDataUri(png: Buffer): string {
  return `data:image/png;base64,${png.toString('base64')}`;
}

export function checkGrid(length: number, rows: number, cols: number): void {
  if (!(Number.isInteger(rows) && Number.isInteger(cols) && rows > 0 && cols > 0)) {
    throw new RangeError(`a grid needs positive integer rows and cols, got ${rows}×${cols}`);
  }
  if (length !== rows * cols) {
    throw new RangeError(`a ${rows}×${cols} grid needs ${rows * cols} values, got ${length}`);
  }
}
