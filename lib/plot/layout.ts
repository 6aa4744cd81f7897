/** Rectangles in pixel space, and how a figure divides into panels. */

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Space kept free on each side of a box. */
export interface Insets {
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
}

/** The cell at (row, col) of a rows × cols grid covering `outer`, like matplotlib's subplot grid. */
export function gridCell(outer: Box, rows: number, cols: number, row: number, col: number): Box {
  const width = outer.width / cols;
  const height = outer.height / rows;
  return { x: outer.x + col * width, y: outer.y + row * height, width, height };
}

/** `box` shrunk by `insets`; never negative, so a crowded cell degrades to a point instead of flipping. */
export function inset(box: Box, insets: Insets): Box {
  const width = Math.max(0, box.width - insets.left - insets.right);
  const height = Math.max(0, box.height - insets.top - insets.bottom);
  return { x: box.x + insets.left, y: box.y + insets.top, width, height };
}

/**
 * The largest box inside `box`, centred, whose width/height equals `ratio`. Images need it: a
 * digit with stretched pixels reads badly, which is why matplotlib's imshow defaults to aspect 'equal'.
 */
export function fitAspect(box: Box, ratio: number): Box {
  if (!(ratio > 0 && Number.isFinite(ratio))) return box;
  const width = Math.min(box.width, box.height * ratio);
  const height = width / ratio;
  return { x: box.x + (box.width - width) / 2, y: box.y + (box.height - height) / 2, width, height };
}
