/** A small figure library for the book's matplotlib figures: build a Figure, fill its panels, save SVG and PNG. */
export {
  Axes,
  type BarOptions,
  type FieldOptions,
  type ImageOptions,
  type LineOptions,
  type ScatterOptions,
} from './axes';
export { type ColormapName, colormap, DEFAULT_COLORS } from './colormap';
export { Figure, type FigureOptions, type SvgOptions } from './figure';
export { defaultFontOptions, type FontOptions } from './fonts';
export type { Extent } from './layers';
export type { LegendPosition } from './legend';
export type { Marker } from './markers';
export { renderPng, type PngOptions, saveFigure, type SavedFigure } from './save';
export { niceTicks } from './ticks';
