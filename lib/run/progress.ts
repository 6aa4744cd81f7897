/**
 * Progress lines for long training runs: step, the numbers being watched, time spent and an
 * estimate of the time left, at most every `everyMs` so a fast run does not flood the terminal.
 */
export interface Progress {
  /** Reports that `step` of the total is done; `fields` are printed as `name value`. */
  update(step: number, fields: Record<string, number | string>): void;
  elapsedSeconds(): number;
}

const formatField = (value: number | string) =>
  typeof value === 'number' ? (Number.isInteger(value) ? String(value) : value.toFixed(6)) : value;

export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const m = Math.floor(seconds / 60);
  return `${m} min ${Math.round(seconds - 60 * m)} s`;
}

export function createProgress(
  total: number,
  print: (line: string) => void,
  everyMs = 2000,
  now = () => performance.now(),
): Progress {
  const start = now();
  let lastPrint = -Infinity;
  return {
    update(step, fields) {
      const t = now();
      if (t - lastPrint < everyMs && step < total) return;
      lastPrint = t;
      const elapsed = (t - start) / 1000;
      const left = step > 0 ? (elapsed / step) * (total - step) : NaN;
      const values = Object.entries(fields).map(([k, v]) => `${k} ${formatField(v)}`);
      const width = String(total).length;
      print(
        `step ${String(step).padStart(width)}/${total}  ${values.join('  ')}  ${formatSeconds(elapsed)} elapsed, ` +
          `~${Number.isFinite(left) ? formatSeconds(left) : '?'} left`,
      );
    },
    elapsedSeconds: () => (now() - start) / 1000,
  };
}
