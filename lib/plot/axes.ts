/**
 * One panel of a figure, with a matplotlib-like API: add layers (scatter, line, field, image, bars),
 * optionally fix limits, ticks, title and legend; the figure renders it into its grid cell.
 */
import { renderSpines, renderXAxis, renderYAxis, TICK_LENGTH, TICK_PAD } from './axis';
import { cycleColor, type ColormapName } from './colormap';
import { type Extent, barsLayer, type Layer, lineLayer, rasterLayer, scatterLayer } from './layers';
import { type Box, fitAspect, inset, type Insets } from './layout';
import { type LegendPosition, renderLegend } from './legend';
import { autoscale, extentOf, type Interval } from './limits';
import type { Marker } from './markers';
import { linearScale } from './scale';
import { el } from './svg';
import { estimateTextWidth, renderText, type TextMode } from './text';
import { fixedTicks, intervalBudget, niceTicks, type Ticks } from './ticks';

export interface ScatterOptions {
  readonly marker?: Marker;
  readonly label?: string;
  readonly color?: string;
  /** Marker size in pixels (bounding box); matplotlib's default s=36 pt² is about 8 px. */
  readonly size?: number;
}

export interface LineOptions {
  readonly label?: string;
  readonly color?: string;
  /** Stroke width in pixels; matplotlib's default 1.5 pt is about 2 px. */
  readonly width?: number;
}

export interface FieldOptions {
  readonly cmap?: ColormapName;
  readonly alpha?: number;
  /** Values mapped to the ends of the colour map; a probability field wants the default [0, 1]. */
  readonly vmin?: number;
  readonly vmax?: number;
}

export interface ImageOptions {
  readonly cmap?: ColormapName;
  /** Omit both to scale to the image's own min and max, as imshow does (conv filters, pooled outputs). */
  readonly vmin?: number;
  readonly vmax?: number;
}

export interface BarOptions {
  readonly ylim?: Interval;
  readonly color?: string;
  readonly width?: number;
  readonly label?: string;
}

/** What the figure hands a panel when it renders it. */
export interface PanelContext {
  readonly cell: Box;
  readonly fontSize: number;
  readonly mode: TextMode;
  /** Unique within the figure, for the clip path's id. */
  readonly id: string;
}

/** Axis-tick setting: automatic, hand-picked positions (with optional labels), or none. */
type TickSetting = 'auto' | false | { readonly values: readonly number[]; readonly labels?: readonly string[] };

/** Sizes in font-size units. */
const TITLE_SCALE = 1.2;
const TITLE_PAD = 0.6;
const OUTER_PAD = 0.6;
const LABEL_HEIGHT = 1.1;
const DEFAULT_MARKER_SIZE = 8;
const DEFAULT_LINE_WIDTH = 2;

export class Axes {
  private readonly layers: Layer[] = [];
  private colorIndex = 0;
  private limits: { x?: Interval; y?: Interval } = {};
  private tickSettings: { x: TickSetting; y: TickSetting } = { x: 'auto', y: 'auto' };
  private titleText?: string;
  private labels: { x?: string; y?: string } = {};
  private legendPosition?: LegendPosition;
  private aspectSetting?: 'equal' | 'auto';

  scatter(xs: ArrayLike<number>, ys: ArrayLike<number>, options: ScatterOptions = {}): this {
    const style = {
      marker: options.marker ?? 'o',
      color: options.color ?? this.nextColor(),
      size: options.size ?? DEFAULT_MARKER_SIZE,
      label: options.label,
    };
    return this.add(scatterLayer(xs, ys, style));
  }

  line(xs: ArrayLike<number>, ys: ArrayLike<number>, options: LineOptions = {}): this {
    const style = {
      color: options.color ?? this.nextColor(),
      width: options.width ?? DEFAULT_LINE_WIDTH,
      label: options.label,
    };
    return this.add(lineLayer(xs, ys, style));
  }

  /** A probability field under the data, like `imshow(field, origin='lower', extent=…)`; row 0 is the bottom. */
  field(values: ArrayLike<number>, rows: number, cols: number, extent: Extent, options: FieldOptions = {}): this {
    const style = {
      cmap: options.cmap ?? 'gray_r',
      vmin: options.vmin ?? 0,
      vmax: options.vmax ?? 1,
      alpha: options.alpha ?? 1,
      origin: 'lower' as const,
    };
    return this.add(rasterLayer(values, rows, cols, extent, style));
  }

  /** A grayscale picture, row 0 at the top, square pixels and no ticks (the book hides them for digits). */
  image(pixels: ArrayLike<number>, rows: number, cols: number, options: ImageOptions = {}): this {
    const extent = extentOf(pixels);
    const vmin = options.vmin ?? (Number.isFinite(extent.lo) ? extent.lo : 0);
    const vmax = options.vmax ?? (Number.isFinite(extent.hi) ? extent.hi : 1);
    const style = { cmap: options.cmap ?? 'gray_r', vmin, vmax, alpha: 1, origin: 'upper' as const };
    this.tickSettings = { x: false, y: false };
    return this.add(rasterLayer(pixels, rows, cols, [-0.5, cols - 0.5, -0.5, rows - 0.5], style));
  }

  /** Bars at 0..n−1 with every index as an x tick, like `bar(range(n), values)` with `xticks(range(n))`. */
  bars(values: ArrayLike<number>, options: BarOptions = {}): this {
    if (options.ylim) this.ylim(options.ylim[0], options.ylim[1]);
    const style = { color: options.color ?? this.nextColor(), width: options.width ?? 0.8, label: options.label };
    return this.add(barsLayer(values, style));
  }

  xlim(lo: number, hi: number): this {
    this.limits.x = checkedLimits(lo, hi);
    return this;
  }

  ylim(lo: number, hi: number): this {
    this.limits.y = checkedLimits(lo, hi);
    return this;
  }

  /** `false` hides the ticks; an array puts them exactly there (labels default to the numbers). */
  xticks(values: readonly number[] | false, labels?: readonly string[]): this {
    this.tickSettings.x = values === false ? false : { values, labels };
    return this;
  }

  yticks(values: readonly number[] | false, labels?: readonly string[]): this {
    this.tickSettings.y = values === false ? false : { values, labels };
    return this;
  }

  title(text: string): this {
    this.titleText = text;
    return this;
  }

  xlabel(text: string): this {
    this.labels.x = text;
    return this;
  }

  ylabel(text: string): this {
    this.labels.y = text;
    return this;
  }

  /** Shows the labelled series in a box in one corner of the plot. */
  legend(position: LegendPosition = 'upper right'): this {
    this.legendPosition = position;
    return this;
  }

  /** 'equal' makes one data unit as long on both axes; images and fields default to it, as in imshow. */
  aspect(setting: 'equal' | 'auto'): this {
    this.aspectSetting = setting;
    return this;
  }

  /** The panel as an SVG fragment filling `context.cell`. */
  render(context: PanelContext): string {
    const { fontSize, mode } = context;
    const xLimits = this.limits.x ?? autoscale(this.layers.map((l) => l.x));
    const yLimits = this.limits.y ?? autoscale(this.layers.map((l) => l.y));
    const plot = this.plotBox(context, xLimits, yLimits);
    const x = linearScale(xLimits, [plot.x, plot.x + plot.width]);
    const y = linearScale(yLimits, [plot.y + plot.height, plot.y]);
    const clipId = `clip-${context.id}`;
    const ordered = [...this.layers].sort((a, b) => a.zorder - b.zorder);
    const data = ordered.map((layer) => layer.render({ x, y })).join('');
    const style = { fontSize, mode };
    const xTicks = this.ticksFor('x', xLimits, plot.width, fontSize);
    const yTicks = this.ticksFor('y', yLimits, plot.height, fontSize);
    const parts = [
      el('clipPath', { id: clipId }, [el('rect', { x: plot.x, y: plot.y, width: plot.width, height: plot.height })]),
      data === '' ? '' : el('g', { 'clip-path': `url(#${clipId})` }, [data]),
      renderSpines(plot),
      xTicks ? renderXAxis(plot, x, xTicks, style) : '',
      yTicks ? renderYAxis(plot, y, yTicks, style) : '',
      this.renderLabels(plot, context, xTicks !== undefined, yTicks),
      this.legendPosition ? renderLegend(this.legendEntries(), this.legendPosition, plot, fontSize, mode) : '',
    ];
    return el(
      'g',
      {},
      parts.filter((p) => p !== ''),
    );
  }

  private add(layer: Layer): this {
    this.layers.push(layer);
    return this;
  }

  private nextColor(): string {
    return cycleColor(this.colorIndex++);
  }

  private legendEntries() {
    return this.layers.flatMap((l) => (l.legend ? [l.legend] : []));
  }

  private wantsEqualAspect(): boolean {
    return this.aspectSetting === undefined ? this.layers.some((l) => l.equalAspect) : this.aspectSetting === 'equal';
  }

  /**
   * The plot area: the cell minus room for title, tick labels and axis labels. Vertical room is
   * settled first because the y tick labels (whose width sets the left margin) depend on the height.
   */
  private plotBox(context: PanelContext, xLimits: Interval, yLimits: Interval): Box {
    const { cell, fontSize } = context;
    const tickRoom = (TICK_LENGTH + TICK_PAD) * fontSize;
    const top = OUTER_PAD * fontSize + (this.titleText !== undefined ? (TITLE_SCALE + TITLE_PAD) * fontSize : 0);
    const hasXTicks = this.tickSettings.x !== false;
    const bottom =
      OUTER_PAD * fontSize +
      (hasXTicks ? tickRoom + fontSize : 0) +
      (this.labels.x !== undefined ? LABEL_HEIGHT * fontSize : 0);
    const height = Math.max(0, cell.height - top - bottom);
    const yTicks = this.ticksFor('y', yLimits, height, fontSize);
    const yLabelWidth = yTicks
      ? Math.max(0, ...yTicks.labels.map((l) => estimateTextWidth(l, fontSize))) + tickRoom
      : 0;
    const left = OUTER_PAD * fontSize + yLabelWidth + (this.labels.y !== undefined ? LABEL_HEIGHT * fontSize : 0);
    const xTicks = hasXTicks ? this.ticksFor('x', xLimits, cell.width - left, fontSize) : undefined;
    // The last x tick label is centred on the right edge, so half of it hangs past the plot.
    const lastXLabel = xTicks?.labels[xTicks.labels.length - 1] ?? '';
    const right = Math.max(
      OUTER_PAD * fontSize,
      estimateTextWidth(lastXLabel, fontSize) / 2 + (OUTER_PAD * fontSize) / 2,
    );
    const insets: Insets = { top, right, bottom, left };
    const plot = inset(cell, insets);
    if (!this.wantsEqualAspect()) return plot;
    return fitAspect(plot, (xLimits[1] - xLimits[0]) / (yLimits[1] - yLimits[0]));
  }

  private ticksFor(axis: 'x' | 'y', limits: Interval, lengthPx: number, fontSize: number): Ticks | undefined {
    const setting = this.tickSettings[axis];
    if (setting === false) return undefined;
    if (setting !== 'auto') return fixedTicks(setting.values, setting.labels);
    const hinted = axis === 'x' ? this.layers.find((l) => l.xTicks)?.xTicks : undefined;
    if (hinted) return fixedTicks(hinted);
    return niceTicks(limits[0], limits[1], intervalBudget(lengthPx, fontSize, axis));
  }

  private renderLabels(plot: Box, context: PanelContext, hasXTicks: boolean, yTicks: Ticks | undefined): string {
    const { fontSize, mode } = context;
    const parts: string[] = [];
    if (this.titleText !== undefined) {
      const y = plot.y - TITLE_PAD * fontSize;
      parts.push(
        renderText(
          {
            x: plot.x + plot.width / 2,
            y,
            content: this.titleText,
            size: fontSize * TITLE_SCALE,
            anchor: 'middle',
            vertical: 'bottom',
          },
          mode,
        ),
      );
    }
    if (this.labels.x !== undefined) {
      const y =
        plot.y + plot.height + (hasXTicks ? (TICK_LENGTH + TICK_PAD) * fontSize + fontSize : 0) + TICK_PAD * fontSize;
      parts.push(
        renderText(
          { x: plot.x + plot.width / 2, y, content: this.labels.x, size: fontSize, anchor: 'middle', vertical: 'top' },
          mode,
        ),
      );
    }
    if (this.labels.y !== undefined) {
      const widest = yTicks ? Math.max(0, ...yTicks.labels.map((l) => estimateTextWidth(l, fontSize))) : 0;
      const x = plot.x - (yTicks ? (TICK_LENGTH + TICK_PAD) * fontSize + widest : 0) - TICK_PAD * fontSize;
      const content = this.labels.y;
      parts.push(
        renderText(
          {
            x,
            y: plot.y + plot.height / 2,
            content,
            size: fontSize,
            anchor: 'middle',
            vertical: 'bottom',
            rotation: 90,
          },
          mode,
        ),
      );
    }
    return parts.join('');
  }
}

function checkedLimits(lo: number, hi: number): Interval {
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) {
    throw new RangeError(`limits need finite lo < hi, got [${lo}, ${hi}]`);
  }
  return [lo, hi];
}
