/**
 * A figure: a white canvas of `width` × `height` pixels divided into a grid of panels, like
 * `plt.figure(figsize=…)` with `add_subplot(rows, cols, index)`.
 */
import { Axes } from './axes';
import { gridCell } from './layout';
import { el } from './svg';
import type { TextMode } from './text';

export interface FigureOptions {
  /** Pixels; matplotlib's default 6.4 × 4.8 in at 100 dpi is 640 × 480. */
  readonly width?: number;
  readonly height?: number;
  readonly rows?: number;
  readonly cols?: number;
  /** Tick-label size in pixels; titles are 1.2 times larger. matplotlib's 10 pt at 100 dpi is about 13 px. */
  readonly fontSize?: number;
}

export interface SvgOptions {
  /** 'paths' draws text with the built-in stroke font, for renderers that have no font. */
  readonly text?: TextMode;
}

/** The same family list matplotlib uses, so viewers pick DejaVu Sans where it exists. */
const FONT_FAMILY = 'DejaVu Sans, Bitstream Vera Sans, Arial, Helvetica, sans-serif';
const DEFAULTS = { width: 640, height: 480, rows: 1, cols: 1, fontSize: 13 };

export class Figure {
  readonly width: number;
  readonly height: number;
  readonly rows: number;
  readonly cols: number;
  readonly fontSize: number;
  /** Panels by grid index; unused cells stay blank, as in matplotlib. */
  private readonly panels = new Map<number, Axes>();

  constructor(options: FigureOptions = {}) {
    const merged = { ...DEFAULTS, ...options };
    for (const key of ['width', 'height', 'rows', 'cols', 'fontSize'] as const) {
      if (!(merged[key] > 0 && Number.isFinite(merged[key])))
        throw new RangeError(`figure ${key} must be positive, got ${merged[key]}`);
    }
    if (!Number.isInteger(merged.rows) || !Number.isInteger(merged.cols)) {
      throw new RangeError(`figure rows and cols must be integers, got ${merged.rows}×${merged.cols}`);
    }
    ({ width: this.width, height: this.height, rows: this.rows, cols: this.cols, fontSize: this.fontSize } = merged);
  }

  /** The panel in grid cell (row, col), counted from 0 at the top left; the same call returns the same panel. */
  panel(row = 0, col = 0): Axes {
    if (
      !(Number.isInteger(row) && Number.isInteger(col) && row >= 0 && col >= 0 && row < this.rows && col < this.cols)
    ) {
      throw new RangeError(`no cell (${row}, ${col}) in a ${this.rows}×${this.cols} figure`);
    }
    const index = row * this.cols + col;
    let axes = this.panels.get(index);
    if (!axes) {
      axes = new Axes();
      this.panels.set(index, axes);
    }
    return axes;
  }

  toSVG(options: SvgOptions = {}): string {
    const outer = { x: 0, y: 0, width: this.width, height: this.height };
    const panels = [...this.panels.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, axes]) => {
        const cell = gridCell(outer, this.rows, this.cols, Math.floor(index / this.cols), index % this.cols);
        return axes.render({ cell, fontSize: this.fontSize, mode: options.text ?? 'svg', id: String(index) });
      });
    const background = el('rect', { width: this.width, height: this.height, fill: '#fff' });
    const root = el(
      'svg',
      {
        xmlns: 'http://www.w3.org/2000/svg',
        width: this.width,
        height: this.height,
        viewBox: `0 0 ${this.width} ${this.height}`,
        'font-family': FONT_FAMILY,
      },
      [background, ...panels],
    );
    return `<?xml version="1.0" encoding="UTF-8"?>\n${root}\n`;
  }
}
