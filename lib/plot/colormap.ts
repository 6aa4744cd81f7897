/** Colour maps for rasters and the default colour cycle for series. */

/** An opaque colour as 0..255 channels. */
export type Rgb = readonly [number, number, number];

/** Maps a value already normalised to [0, 1] to a colour. */
export type Colormap = (t: number) => Rgb;

/** The colour maps the book uses; `gray_r` (white for 0, black for 1) is the one for digits and fields. */
export type ColormapName = 'gray' | 'gray_r';

const COLORMAPS: Record<ColormapName, Colormap> = {
  gray: (t) => grayLevel(t),
  gray_r: (t) => grayLevel(1 - t),
};

export function colormap(name: ColormapName): Colormap {
  return COLORMAPS[name];
}

function grayLevel(t: number): Rgb {
  const level = Math.round(255 * clamp01(t));
  return [level, level, level];
}

/** Clamps to [0, 1]; NaN counts as 0 so a bad pixel shows as background instead of breaking the PNG. */
export function clamp01(t: number): number {
  // biome-ignore lint/complexity/useMathMinMax: Math.max(NaN, 0) is NaN, and NaN must become 0
  return t > 1 ? 1 : t >= 0 ? t : 0;
}

/**
 * Normalises a value to [0, 1] between `vmin` and `vmax`. A flat image (vmin === vmax) maps to 0,
 * as matplotlib does, so an all-zero filter shows as blank rather than dividing by zero.
 */
export function normalize(value: number, vmin: number, vmax: number): number {
  return vmax > vmin ? clamp01((value - vmin) / (vmax - vmin)) : 0;
}

/** matplotlib's default property cycle ("tab10"), so series get the colours readers of the book know. */
export const DEFAULT_COLORS = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#d62728',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
] as const;

export function cycleColor(index: number): string {
  return DEFAULT_COLORS[index % DEFAULT_COLORS.length]!;
}
