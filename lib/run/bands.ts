/**
 * Band checks: each compares one measured number with the book's (or a measured band) and says
 * in one line what was compared, so a run's verdict explains itself.
 */
export interface Check {
  ok: boolean;
  line: string;
}

/** Counts (whole numbers) as they are; measurements to six decimals, tiny ones in exponent form. */
const fmt = (v: number) => (Number.isInteger(v) ? String(v) : Math.abs(v) >= 1e-3 ? v.toFixed(6) : v.toExponential(5));

/** |actual − expected| ≤ relTol·|expected|. */
export function withinRelative(what: string, actual: number, expected: number, relTol: number): Check {
  const ok = Number.isFinite(actual) && Math.abs(actual - expected) <= relTol * Math.abs(expected);
  const off = ((actual - expected) / Math.abs(expected)) * 100;
  return {
    ok,
    line:
      `${what} ${fmt(actual)} vs the book's ${fmt(expected)} (${off >= 0 ? '+' : ''}${off.toFixed(2)}%, allowed ` +
      `±${relTol * 100}%): ${ok ? 'ok' : 'OUT OF BAND'}`,
  };
}

/** |actual − expected| ≤ absTol. */
export function withinAbsolute(what: string, actual: number, expected: number, absTol: number): Check {
  const ok = Number.isFinite(actual) && Math.abs(actual - expected) <= absTol;
  return { ok, line: `${what} ${fmt(actual)} vs ${fmt(expected)} (allowed ±${absTol}): ${ok ? 'ok' : 'OUT OF BAND'}` };
}

/** min ≤ actual ≤ max. */
export function withinRange(what: string, actual: number, min: number, max: number): Check {
  const ok = actual >= min && actual <= max;
  return { ok, line: `${what} ${fmt(actual)} in [${min}, ${max}]: ${ok ? 'ok' : 'OUT OF BAND'}` };
}

/** actual ≥ floor. */
export function atLeast(what: string, actual: number, floor: number): Check {
  const ok = actual >= floor;
  return { ok, line: `${what} ${fmt(actual)} ≥ ${floor}: ${ok ? 'ok' : 'OUT OF BAND'}` };
}
