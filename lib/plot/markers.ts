/**
 * Scatter markers as one SVG path per series: a single <path> holding every point keeps the SVG
 * short (the book's data sets have hundreds of points) and draws all points of a series alike.
 */
import { fmt } from './svg';

/** matplotlib marker codes the book uses: circle, cross, plus, square, triangle. */
export type Marker = 'o' | 'x' | '+' | 's' | '^';

/** Whether a marker is drawn by its outline (x, +) rather than filled. */
export function isStrokedMarker(marker: Marker): boolean {
  return marker === 'x' || marker === '+';
}

/** Path data for one marker of the given size (its bounding box) centred on (x, y). */
export function markerPathData(marker: Marker, x: number, y: number, size: number): string {
  const h = size / 2;
  switch (marker) {
    case 'o':
      // Two half-circle arcs: SVG cannot draw a full circle with one arc command.
      return (
        `M${fmt(x - h)} ${fmt(y)}a${fmt(h)} ${fmt(h)} 0 1 0 ${fmt(size)} 0a${fmt(h)} ${fmt(h)} 0 1 0 ` +
        `${fmt(-size)} 0z`
      );
    case 'x':
      return (
        `M${fmt(x - h)} ${fmt(y - h)}L${fmt(x + h)} ${fmt(y + h)}M${fmt(x - h)} ${fmt(y + h)}L${fmt(x + h)} ` +
        `${fmt(y - h)}`
      );
    case '+':
      return `M${fmt(x - h)} ${fmt(y)}L${fmt(x + h)} ${fmt(y)}M${fmt(x)} ${fmt(y - h)}L${fmt(x)} ${fmt(y + h)}`;
    case 's':
      return `M${fmt(x - h)} ${fmt(y - h)}h${fmt(size)}v${fmt(size)}h${fmt(-size)}z`;
    case '^':
      return `M${fmt(x)} ${fmt(y - h)}L${fmt(x + h)} ${fmt(y + h)}L${fmt(x - h)} ${fmt(y + h)}z`;
  }
}

/** Paint attributes that make a marker path look like matplotlib's marker of that kind. */
export function markerPaint(marker: Marker, color: string, strokeWidth: number): Record<string, string | number> {
  return isStrokedMarker(marker)
    ? { fill: 'none', stroke: color, 'stroke-width': strokeWidth }
    : { fill: color, stroke: color, 'stroke-width': strokeWidth / 2 };
}
