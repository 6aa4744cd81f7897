/**
 * Every label of a figure is placed through `renderText`, which writes either real SVG <text>
 * (for viewers with fonts) or stroked paths from the built-in font (for a PNG renderer without any
 * font, which would otherwise drop the text silently).
 */
import { advanceEm, CAP_HEIGHT, strokeTextPathData } from './stroke-font';
import { el, fmt, textNode } from './svg';

/** 'svg' writes <text>; 'paths' draws the characters with the built-in stroke font. */
export type TextMode = 'svg' | 'paths';

export type HorizontalAnchor = 'start' | 'middle' | 'end';
/** Which part of the text sits on `y`: the top of the capitals, their middle, the baseline, or below descenders. */
export type VerticalAnchor = 'top' | 'middle' | 'baseline' | 'bottom';

export interface TextSpec {
  readonly x: number;
  readonly y: number;
  readonly content: string;
  readonly size: number;
  readonly anchor?: HorizontalAnchor;
  readonly vertical?: VerticalAnchor;
  /** Degrees, counter-clockwise like matplotlib's `rotation` (90 for a y-axis label). */
  readonly rotation?: number;
  readonly color?: string;
}

/** Descender depth as a fraction of the font size, close to DejaVu Sans. */
const DESCENT = 0.24;
/** Average advance used for layout when the real font is unknown; DejaVu Sans digits are 0.64 em. */
const AVERAGE_ADVANCE_EM = 0.62;

/** Estimated width of `content`; layout only needs it to reserve room for tick labels and titles. */
export function estimateTextWidth(content: string, size: number): number {
  return [...content].length * AVERAGE_ADVANCE_EM * size;
}

/** How far below `y` the baseline goes so that the chosen part of the text sits on `y`. */
function baselineShift(vertical: VerticalAnchor, size: number): number {
  switch (vertical) {
    case 'top':
      return CAP_HEIGHT * size;
    case 'middle':
      return (CAP_HEIGHT * size) / 2;
    case 'baseline':
      return 0;
    case 'bottom':
      return -DESCENT * size;
  }
}

export function renderText(spec: TextSpec, mode: TextMode): string {
  const anchor = spec.anchor ?? 'start';
  const baselineY = spec.y + baselineShift(spec.vertical ?? 'baseline', spec.size);
  // Rotating about the anchor point turns the baseline shift with the text, as matplotlib does.
  const transform = spec.rotation ? `rotate(${fmt(-spec.rotation)} ${fmt(spec.x)} ${fmt(spec.y)})` : undefined;
  const color = spec.color ?? '#000';
  if (mode === 'svg') {
    const attrs = {
      x: spec.x,
      y: baselineY,
      'font-size': spec.size,
      'text-anchor': anchor === 'start' ? undefined : anchor,
      fill: color,
      transform,
    };
    return textNode('text', attrs, spec.content);
  }
  const width = [...spec.content].reduce((sum, char) => sum + advanceEm(char) * spec.size, 0);
  const startX = spec.x - (anchor === 'middle' ? width / 2 : anchor === 'end' ? width : 0);
  const d = strokeTextPathData(spec.content, spec.size);
  if (d === '') return '';
  const translate = `translate(${fmt(startX)} ${fmt(baselineY)})`;
  return el('path', {
    d,
    fill: 'none',
    stroke: color,
    'stroke-width': Math.max(0.8, spec.size * 0.09),
    'stroke-linecap': 'round',
    'stroke-linejoin': 'round',
    transform: transform ? `${transform} ${translate}` : translate,
  });
}
