/**
 * Test output made readable on a learner's screen: colour codes removed, vitest's import aliases
 * turned back into the names the learner wrote, long numbers rounded, runs of one value collapsed
 * (fast-check shrinks doubles toward 0 through 5e-324, which otherwise fills a line), and every
 * text cut to a length that fits.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: the escape character is what colour codes start with.
const ANSI = /\u001b\[[0-9;]*m/g;

export const stripAnsi = (text: string) => text.replace(ANSI, '');

/** `(0 , __vite_ssr_import_4__.predict)` and `__vite_ssr_import_4__.predict` are the learner's `predict`. */
export const unaliasImports = (text: string) =>
  text.replace(/\(0\s*,\s*__vite_ssr_import_\d+__\.(\w+)\)/g, '$1').replace(/__vite_ssr_import_\d+__\.(\w+)/g, '$1');

/** Cuts a text to `max` characters, marking the cut. */
export function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Digits kept for a number that needs more: enough to tell values apart at a glance. */
const SIGNIFICANT_DIGITS = 6;
/** Below this many repeats a run reads fine as it is. */
const RUN_LENGTH = 3;

const NUMBER = /(?<![\w.])-?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?(?![\w.])/gi;

/** A number as written by JavaScript, shortened to SIGNIFICANT_DIGITS with `~` when that changes it. */
export function readableNumber(literal: string): string {
  const value = Number(literal);
  if (!Number.isFinite(value) || (Number.isInteger(value) && Math.abs(value) < 1e15)) return literal;
  const short = Number(value.toPrecision(SIGNIFICANT_DIGITS));
  return short === value ? literal : `~${String(short)}`;
}

/** One simple value (a number, a word) repeated, within brackets: `a, a, a`. */
const RUN = /(?<=[[(,]\s*)([^\s,[\](){}]+)((?:\s*,\s*\1(?=\s*[,\])}]))+)/g;

/** Collapses `a, a, a, a` into `a ×4`. */
function collapseRuns(text: string): string {
  return text.replace(RUN, (whole, value: string, rest: string) => {
    const count = rest.split(',').length;
    return count >= RUN_LENGTH ? `${value} ×${count}` : whole;
  });
}

/** fast-check's counterexample, or any value printed by a test, made readable and cut to `max`. */
export function readableValues(text: string, max = 240): string {
  const rounded = stripAnsi(text).replace(NUMBER, readableNumber);
  return cut(collapseRuns(rounded), max);
}

/** A pretty-printed multi-line value (`[\n  1,\n  2,\n]`) on one line: `[ 1, 2 ]`. */
export function oneLine(text: string): string {
  return stripAnsi(text)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ')
    .replace(/,\s*([\]}])/g, ' $1')
    .replace(/([[{])\s*/g, '$1 ')
    .replace(/\[ \]/g, '[]');
}
