/**
 * Automatic axis limits, after matplotlib: the data range padded by 5 % on each side, except at
 * "sticky" edges (an image's extent, the zero line under bars) which padding must not cross.
 */

export type Interval = readonly [number, number];

/** What one layer contributes to one axis: its data range and the edges padding must stop at. */
export interface AxisExtent {
  readonly lo: number;
  readonly hi: number;
  readonly sticky?: readonly number[];
}

/** matplotlib's `axes.xmargin` / `axes.ymargin`. */
export const AUTOSCALE_MARGIN = 0.05;
/** Used when nothing was plotted, like an empty matplotlib axes. */
const EMPTY_LIMITS: Interval = [0, 1];

export function autoscale(extents: readonly AxisExtent[]): Interval {
  const finite = extents.filter((e) => Number.isFinite(e.lo) && Number.isFinite(e.hi));
  if (finite.length === 0) return EMPTY_LIMITS;
  const lo = Math.min(...finite.map((e) => e.lo));
  const hi = Math.max(...finite.map((e) => e.hi));
  if (lo === hi) return widenFlat(lo);
  const pad = (hi - lo) * AUTOSCALE_MARGIN;
  const sticky = finite.flatMap((e) => e.sticky ?? []);
  // Padding stops at a sticky edge that the data reaches but does not cross.
  const paddedLo = sticky.filter((s) => s <= lo && s > lo - pad).reduce((a, s) => Math.max(a, s), lo - pad);
  const paddedHi = sticky.filter((s) => s >= hi && s < hi + pad).reduce((a, s) => Math.min(a, s), hi + pad);
  return [paddedLo, paddedHi];
}

/** A single value still needs a visible range around it; matplotlib widens by 5 % of the value, or ±0.05 near zero. */
function widenFlat(value: number): Interval {
  const half = value === 0 ? 0.05 : Math.abs(value) * AUTOSCALE_MARGIN;
  return [value - half, value + half];
}

/** The finite [min, max] of some numbers, or an empty extent (±Infinity) that `autoscale` skips. */
export function extentOf(values: ArrayLike<number>, sticky?: readonly number[]): AxisExtent {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  return sticky ? { lo, hi, sticky } : { lo, hi };
}
