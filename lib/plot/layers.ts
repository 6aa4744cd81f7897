/**
 * What can be drawn inside a panel. Each layer knows its data extent (for automatic limits), its
 * drawing order, an optional legend entry, and how to render itself once the scales are known.
 */
import { type ColormapName, colormap } from './colormap';
import { type AxisExtent, extentOf } from './limits';
import { type Marker, markerPaint, markerPathData } from './markers';
import { checkGrid, type Origin, pngDataUri, rasterToPng } from './raster';
import type { LinearScale } from './scale';
import { el, fmt } from './svg';

export interface Scales {
  readonly x: LinearScale;
  readonly y: LinearScale;
}

/** How a legend shows a series: its marker, a short line, or a filled patch. */
export type LegendHandle =
  | { readonly kind: 'marker'; readonly marker: Marker; readonly color: string; readonly size: number }
  | { readonly kind: 'line'; readonly color: string; readonly width: number }
  | { readonly kind: 'patch'; readonly color: string };

export interface LegendEntry {
  readonly label: string;
  readonly handle: LegendHandle;
}

export interface Layer {
  /** matplotlib's default z-orders: images 0, bars and scatter 1, lines 2, so fields never hide points. */
  readonly zorder: number;
  readonly x: AxisExtent;
  readonly y: AxisExtent;
  readonly legend?: LegendEntry;
  /** Ticks that suit this layer better than automatic ones (bar indices). */
  readonly xTicks?: readonly number[];
  /** Images want square pixels. */
  readonly equalAspect?: boolean;
  render(scales: Scales): string;
}

export interface ScatterStyle {
  readonly marker: Marker;
  readonly color: string;
  /** Marker bounding box in pixels. */
  readonly size: number;
  readonly label?: string;
}

export function scatterLayer(xs: ArrayLike<number>, ys: ArrayLike<number>, style: ScatterStyle): Layer {
  checkSameLength(xs, ys);
  // matplotlib's default scatter line width, 1.5 pt, is about 2 px at 100 dpi; markers scale it with size.
  const strokeWidth = Math.max(1, style.size / 5);
  return {
    zorder: 1,
    x: extentOf(xs),
    y: extentOf(ys),
    legend: entry(style.label, { kind: 'marker', marker: style.marker, color: style.color, size: style.size }),
    render: ({ x, y }) => {
      const parts: string[] = [];
      for (let i = 0; i < xs.length; i++) {
        const px = x(xs[i]!);
        const py = y(ys[i]!);
        if (Number.isFinite(px) && Number.isFinite(py)) parts.push(markerPathData(style.marker, px, py, style.size));
      }
      return parts.length === 0
        ? ''
        : el('path', { d: parts.join(''), ...markerPaint(style.marker, style.color, strokeWidth) });
    },
  };
}

export interface LineStyle {
  readonly color: string;
  readonly width: number;
  readonly label?: string;
}

export function lineLayer(xs: ArrayLike<number>, ys: ArrayLike<number>, style: LineStyle): Layer {
  checkSameLength(xs, ys);
  return {
    zorder: 2,
    x: extentOf(xs),
    y: extentOf(ys),
    legend: entry(style.label, { kind: 'line', color: style.color, width: style.width }),
    render: ({ x, y }) => {
      const d = polylineData(xs, ys, x, y);
      return d === ''
        ? ''
        : el('path', {
            d,
            fill: 'none',
            stroke: style.color,
            'stroke-width': style.width,
            'stroke-linejoin': 'round',
            'stroke-linecap': 'square',
          });
    },
  };
}

/** Path data for a polyline that breaks at non-finite points, as matplotlib's lines do at NaN. */
function polylineData(xs: ArrayLike<number>, ys: ArrayLike<number>, x: LinearScale, y: LinearScale): string {
  let d = '';
  let penDown = false;
  for (let i = 0; i < xs.length; i++) {
    const px = x(xs[i]!);
    const py = y(ys[i]!);
    if (!(Number.isFinite(px) && Number.isFinite(py))) {
      penDown = false;
      continue;
    }
    d += `${penDown ? 'L' : 'M'}${fmt(px)} ${fmt(py)}`;
    penDown = true;
  }
  return d;
}

/** matplotlib's imshow `extent`: left, right, bottom, top in data coordinates. */
export type Extent = readonly [x0: number, x1: number, y0: number, y1: number];

export interface RasterStyle {
  readonly cmap: ColormapName;
  readonly vmin: number;
  readonly vmax: number;
  readonly alpha: number;
  readonly origin: Origin;
}

/** A grid of values stretched over `extent` as one nearest-neighbour-scaled raster image. */
export function rasterLayer(
  values: ArrayLike<number>,
  rows: number,
  cols: number,
  extent: Extent,
  style: RasterStyle,
): Layer {
  checkGrid(values.length, rows, cols);
  const [x0, x1, y0, y1] = extent;
  if (!(x0 < x1 && y0 < y1)) throw new RangeError(`an extent needs x0 < x1 and y0 < y1, got [${extent.join(', ')}]`);
  const png = rasterToPng({
    values,
    rows,
    cols,
    colormap: colormap(style.cmap),
    vmin: style.vmin,
    vmax: style.vmax,
    origin: style.origin,
  });
  const href = pngDataUri(png);
  return {
    zorder: 0,
    x: { lo: x0, hi: x1, sticky: [x0, x1] },
    y: { lo: y0, hi: y1, sticky: [y0, y1] },
    equalAspect: true,
    render: ({ x, y }) => {
      const left = Math.min(x(x0), x(x1));
      const top = Math.min(y(y0), y(y1));
      return el('image', {
        x: left,
        y: top,
        width: Math.abs(x(x1) - x(x0)),
        height: Math.abs(y(y1) - y(y0)),
        preserveAspectRatio: 'none',
        // resvg honours only this keyword for nearest-neighbour scaling; browsers read it as pixelated.
        'image-rendering': 'optimizeSpeed',
        opacity: style.alpha < 1 ? style.alpha : undefined,
        href,
      });
    },
  };
}

export interface BarStyle {
  readonly color: string;
  /** Bar width in data units; matplotlib's default is 0.8. */
  readonly width: number;
  readonly label?: string;
}

/** Bars at x = 0, 1, …, n−1 rising from zero, like `plt.bar(range(n), values)`. */
export function barsLayer(values: ArrayLike<number>, style: BarStyle): Layer {
  const half = style.width / 2;
  const indices = Array.from({ length: values.length }, (_, i) => i);
  return {
    zorder: 1,
    x: { lo: -half, hi: values.length - 1 + half },
    // Bars grow from zero: include it, and stop the autoscale padding there.
    y: extentOf([0, ...Array.from(values)], [0]),
    legend: entry(style.label, { kind: 'patch', color: style.color }),
    xTicks: indices,
    render: ({ x, y }) => {
      const d = indices
        .filter((i) => Number.isFinite(values[i]!))
        .map((i) => {
          const left = x(i - half);
          const width = x(i + half) - left;
          const top = Math.min(y(0), y(values[i]!));
          return `M${fmt(left)} ${fmt(top)}h${fmt(width)}v${fmt(Math.abs(y(values[i]!) - y(0)))}h${fmt(-width)}z`;
        })
        .join('');
      return d === '' ? '' : el('path', { d, fill: style.color });
    },
  };
}

function entry(label: string | undefined, handle: LegendHandle): LegendEntry | undefined {
  return label === undefined ? undefined : { label, handle };
}

function checkSameLength(xs: ArrayLike<number>, ys: ArrayLike<number>): void {
  if (xs.length !== ys.length) throw new RangeError(`xs and ys differ in length: ${xs.length} and ${ys.length}`);
}
