/**
 * "Nice" tick positions, after matplotlib's MaxNLocator: steps of 1, 2, 2.5 or 5 times a power of
 * ten, the smallest that keeps the number of intervals within a budget.
 */

/** Tick positions with the labels to print beside them. */
export interface Ticks {
  readonly values: readonly number[];
  readonly labels: readonly string[];
  /** Distance between neighbouring ticks; `NaN` for hand-picked ticks. */
  readonly step: number;
}

/** matplotlib's default steps for MaxNLocator; 10 closes the decade. */
const NICE_MULTIPLIERS = [1, 2, 2.5, 5, 10] as const;
/** Relative slack for float noise in step arithmetic (a step computed as 0.1 * 3, say). */
const EPSILON = 1e-9;
/**
 * Slack relative to the magnitude of the limits: about 50 ulps, enough for rounding noise in
 * `lo`, yet far below any step that the budget can produce for a range of width ≥ 1e-6 · |lo|.
 */
const MAGNITUDE_EPSILON = 1e-14;
/** The smallest budget that guarantees a tick inside any range; see niceTicks. */
export const MIN_INTERVALS = 2;
/** More decimals than this would not be readable tick labels; also bounds the decimals search. */
const MAX_DECIMALS = 12;

/**
 * Ticks inside `[lo, hi]` with at most `maxIntervals` (at least 2) intervals between the first and last possible
 * tick. Values are exact multiples of the step, rounded to its decimals, so labels never read 0.30000000000000004.
 */
export function niceTicks(lo: number, hi: number, maxIntervals: number): Ticks {
  if (!(Number.isFinite(lo) && Number.isFinite(hi)) || !(lo < hi)) {
    throw new RangeError(`ticks need a finite range with lo < hi, got [${lo}, ${hi}]`);
  }
  // A nice step can be up to twice the raw one; with a budget of at least two intervals it still
  // fits in the range, so at least one tick always shows.
  const step = niceStep((hi - lo) / Math.max(MIN_INTERVALS, Math.floor(maxIntervals)));
  const decimals = decimalsOf(step);
  const slack = Math.max(EPSILON * step, MAGNITUDE_EPSILON * Math.max(Math.abs(lo), Math.abs(hi)));
  const first = Math.ceil((lo - slack) / step);
  const last = Math.floor((hi + slack) / step);
  const values: number[] = [];
  for (let k = first; k <= last; k++) values.push(Number((k * step).toFixed(decimals)));
  return { values, labels: values.map((v) => formatTick(v, decimals)), step };
}

/** Ticks at positions the caller chose (bar indices, or none at all). */
export function fixedTicks(values: readonly number[], labels?: readonly string[]): Ticks {
  const decimals = Math.max(0, ...values.map(decimalsOf));
  return { values, labels: labels ?? values.map((v) => formatTick(v, decimals)), step: Number.NaN };
}

/** The smallest nice step at least as large as `raw`. */
export function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const multiplier = NICE_MULTIPLIERS.find((m) => m * power >= raw * (1 - EPSILON)) ?? 10;
  return multiplier * power;
}

/** The fewest decimals that print `value` exactly: 0.25 → 2, 5 → 0, 2.5e-7 → 8. */
export function decimalsOf(value: number): number {
  for (let d = 0; d < MAX_DECIMALS; d++) {
    const scaled = value * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) <= EPSILON * Math.max(1, Math.abs(scaled))) return d;
  }
  return MAX_DECIMALS;
}

/**
 * One shared number of decimals for the whole axis (0.0, 0.5, 1.0 like matplotlib), and the
 * typographic minus sign matplotlib uses, which is wider and easier to read than a hyphen.
 */
export function formatTick(value: number, decimals: number): string {
  const text = value.toFixed(decimals);
  if (Number(text) === 0) return text.replace('-', '');
  return text.replace('-', '\u2212');
}

/**
 * How many intervals fit along an axis: matplotlib allows one tick per three label heights along
 * x (labels are wide) and one per two along y, and clamps to 3..9.
 */
export function intervalBudget(lengthPx: number, fontSizePx: number, along: 'x' | 'y'): number {
  const perTick = fontSizePx * (along === 'x' ? 3 : 2);
  return Math.min(9, Math.max(3, Math.floor(lengthPx / perTick)));
}
