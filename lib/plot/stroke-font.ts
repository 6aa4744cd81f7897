/**
 * A tiny single-stroke font, used only when the PNG renderer has no font at all: resvg then drops
 * every <text> silently, and a figure without tick labels or titles is worse than one with plain
 * hand-drawn-looking letters. Glyphs are polylines on a 4-wide, 6-tall grid with the baseline at 0.
 * Lowercase letters reuse the capitals, shrunk to the x-height, which keeps the table small.
 */
import { fmt } from './svg';

/** Each string is one polyline "x y x y …" in grid units, y pointing up. */
const GLYPHS: Record<string, readonly string[]> = {
  ' ': [],
  '0': ['1 0 3 0 4 1 4 5 3 6 1 6 0 5 0 1 1 0', '4 5 0 1'],
  '1': ['1 5 2 6 2 0', '1 0 3 0'],
  '2': ['0 5 1 6 3 6 4 5 4 4 0 0 4 0'],
  '3': ['0 6 4 6 2 3.5 3 3.5 4 2.5 4 1 3 0 1 0 0 1'],
  '4': ['3 0 3 6 0 2 4 2'],
  '5': ['4 6 0 6 0 3.5 3 3.5 4 2.5 4 1 3 0 0 0'],
  '6': ['3.5 6 1 6 0 5 0 1 1 0 3 0 4 1 4 2.5 3 3.5 0 3.5'],
  '7': ['0 6 4 6 1.5 0'],
  '8': ['1 3.5 0 4.5 0 5 1 6 3 6 4 5 4 4.5 3 3.5 1 3.5 0 2.5 0 1 1 0 3 0 4 1 4 2.5 3 3.5'],
  '9': ['4 2.5 1 2.5 0 3.5 0 5 1 6 3 6 4 5 4 1 3 0 0.5 0'],
  A: ['0 0 0 4 2 6 4 4 4 0', '0 3 4 3'],
  B: ['0 0 0 6 3 6 4 5 4 4.5 3 3.5 0 3.5', '3 3.5 4 2.5 4 1 3 0 0 0'],
  C: ['4 5 3 6 1 6 0 5 0 1 1 0 3 0 4 1'],
  D: ['0 0 0 6 2.5 6 4 4.5 4 1.5 2.5 0 0 0'],
  E: ['4 6 0 6 0 0 4 0', '0 3 3 3'],
  F: ['4 6 0 6 0 0', '0 3 3 3'],
  G: ['4 5 3 6 1 6 0 5 0 1 1 0 3 0 4 1 4 3 2 3'],
  H: ['0 0 0 6', '4 0 4 6', '0 3 4 3'],
  I: ['1 6 3 6', '2 6 2 0', '1 0 3 0'],
  J: ['1 6 4 6', '3 6 3 1 2 0 1 0 0 1'],
  K: ['0 0 0 6', '4 6 0 2', '1.3 3.3 4 0'],
  L: ['0 6 0 0 4 0'],
  M: ['0 0 0 6 2 3 4 6 4 0'],
  N: ['0 0 0 6 4 0 4 6'],
  O: ['1 0 3 0 4 1 4 5 3 6 1 6 0 5 0 1 1 0'],
  P: ['0 0 0 6 3 6 4 5 4 4 3 3 0 3'],
  Q: ['1 0 3 0 4 1 4 5 3 6 1 6 0 5 0 1 1 0', '2.5 1.5 4 0'],
  R: ['0 0 0 6 3 6 4 5 4 4 3 3 0 3', '2 3 4 0'],
  S: ['4 5 3 6 1 6 0 5 0 4 1 3 3 3 4 2 4 1 3 0 1 0 0 1'],
  T: ['0 6 4 6', '2 6 2 0'],
  U: ['0 6 0 1 1 0 3 0 4 1 4 6'],
  V: ['0 6 2 0 4 6'],
  W: ['0 6 1 0 2 3 3 0 4 6'],
  X: ['0 0 4 6', '0 6 4 0'],
  Y: ['0 6 2 3 4 6', '2 3 2 0'],
  Z: ['0 6 4 6 0 0 4 0'],
  '.': ['2 0 2 0.2'],
  ',': ['2 0.3 1.5 -1'],
  '-': ['1 3 3 3'],
  '\u2212': ['0.5 3 3.5 3'],
  '+': ['0.5 3 3.5 3', '2 1.5 2 4.5'],
  '°': ['1.2 6 2.4 6 2.4 4.8 1.2 4.8 1.2 6'],
  '×': ['0.8 1.8 3.2 4.2', '0.8 4.2 3.2 1.8'],
  '/': ['0.5 0 3.5 6'],
  '(': ['3 6 2 5 1.5 3 2 1 3 0'],
  ')': ['1 6 2 5 2.5 3 2 1 1 0'],
  '[': ['3 6 1.5 6 1.5 0 3 0'],
  ']': ['1 6 2.5 6 2.5 0 1 0'],
  ':': ['2 0.8 2 1', '2 4 2 4.2'],
  '%': ['0 0 4 6', '0.5 6 0.5 5', '3.5 0 3.5 1'],
  '=': ['0.5 2 3.5 2', '0.5 4 3.5 4'],
  _: ['0 -0.5 4 -0.5'],
  "'": ['2 6 2 4.5'],
  '"': ['1.3 6 1.3 4.5', '2.7 6 2.7 4.5'],
  '!': ['2 6 2 2', '2 0 2 0.2'],
  '?': ['0 5 1 6 3 6 4 5 4 4 2 3 2 2', '2 0 2 0.2'],
  '<': ['4 5 0 3 4 1'],
  '>': ['0 5 4 3 0 1'],
  '*': ['2 1.5 2 4.5', '0.7 2.2 3.3 3.8', '0.7 3.8 3.3 2.2'],
  '#': ['1.3 0.5 1.3 5.5', '2.7 0.5 2.7 5.5', '0 2 4 2', '0 4 4 4'],
};

/** Shown for characters the table lacks, like a font's "tofu" box: visibly a character, not silence. */
const MISSING = ['0 0 4 0 4 6 0 6 0 0'];
/** Capital height as a fraction of the font size, close to DejaVu Sans (0.73). */
export const CAP_HEIGHT = 0.72;
/** Grid units per glyph advance: 4 for the glyph and 1 for the gap. */
const ADVANCE_UNITS = 5;
/** Lowercase letters are the capitals scaled to this fraction, roughly the x-height. */
const LOWERCASE_SCALE = 0.75;

/** The advance of one character in em: the layout uses it to estimate text widths in either mode. */
export function advanceEm(char: string): number {
  return (ADVANCE_UNITS * CAP_HEIGHT * (isLowercase(char) ? LOWERCASE_SCALE : 1)) / 6;
}

/** Path data for `content` starting at (0, 0) on the baseline, in pixels for a font of `size`. */
export function strokeTextPathData(content: string, size: number): string {
  const unit = (size * CAP_HEIGHT) / 6;
  let penX = 0;
  const parts: string[] = [];
  for (const char of content) {
    const scale = isLowercase(char) ? LOWERCASE_SCALE : 1;
    const glyph = GLYPHS[char.toUpperCase()] ?? MISSING;
    for (const polyline of glyph) {
      const numbers = polyline.split(' ').map(Number);
      const points: string[] = [];
      for (let i = 0; i < numbers.length; i += 2) {
        points.push(`${fmt(penX + numbers[i]! * unit * scale)} ${fmt(-numbers[i + 1]! * unit * scale)}`);
      }
      parts.push(`M${points.join('L')}`);
    }
    penX += ADVANCE_UNITS * unit * scale;
  }
  return parts.join('');
}

function isLowercase(char: string): boolean {
  return char !== char.toUpperCase();
}
