/** Data-to-pixel mapping. */

/** A map from data coordinates to pixels, with the interval it was built from. */
export interface LinearScale {
  (value: number): number;
  readonly domain: readonly [number, number];
  readonly range: readonly [number, number];
}

/**
 * Maps `domain[0]` to `range[0]` and `domain[1]` to `range[1]`. For a y axis pass the range as
 * `[bottom, top]`: SVG's y grows downwards, so larger data values must get smaller pixel values.
 */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): LinearScale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  if (!(Number.isFinite(d0) && Number.isFinite(d1)) || d0 === d1) {
    throw new RangeError(`a scale needs a finite, non-empty domain, got [${d0}, ${d1}]`);
  }
  const slope = (r1 - r0) / (d1 - d0);
  const scale = (value: number) => r0 + (value - d0) * slope;
  return Object.assign(scale, { domain: [d0, d1] as const, range: [r0, r1] as const });
}
