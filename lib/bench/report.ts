/**
 * The bench's printout: one row per chapter and backend, then how many times faster each backend
 * is than each slower one on the same chapter, all measured in the same process.
 */
export interface BenchRow {
  chapter: string;
  backend: string;
  /** Measured steps (after the warm-up). */
  steps: number;
  warmup: number;
  medianMs: number;
  meanMs: number;
  /** Analytic FLOPs of one training step (see flops.ts). */
  flopsPerStep: number;
  gflops: number;
}

const pad = (text: string, width: number) => text.padStart(width);

function formatMs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(ms >= 100 ? 0 : 1)} ms`;
}

/** The table of results, aligned for a terminal. */
export function formatTable(rows: readonly BenchRow[]): string[] {
  const header = ['chapter', 'backend', 'steps', 'per step (median)', 'mean', 'GFLOP/step', 'GFLOP/s'];
  const cells = rows.map((r) => [
    r.chapter,
    r.backend,
    `${r.steps}+${r.warmup}w`,
    formatMs(r.medianMs),
    formatMs(r.meanMs),
    (r.flopsPerStep / 1e9).toFixed(2),
    r.gflops.toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  return [header, ...cells].map((line) =>
    line.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : pad(cell, widths[i]!))).join('  '),
  );
}

/** For each chapter, "A is N× faster than B" for every pair of backends, fastest first. */
export function formatRatios(rows: readonly BenchRow[]): string[] {
  const lines: string[] = [];
  for (const chapter of [...new Set(rows.map((r) => r.chapter))]) {
    const bySpeed = rows.filter((r) => r.chapter === chapter).sort((a, b) => a.medianMs - b.medianMs);
    for (let i = 0; i < bySpeed.length; i++)
      for (let j = i + 1; j < bySpeed.length; j++) {
        const [fast, slow] = [bySpeed[i]!, bySpeed[j]!];
        lines.push(
          `${chapter}: ${fast.backend} is ${(slow.medianMs / fast.medianMs).toFixed(1)}× faster than ${slow.backend}`,
        );
      }
  }
  return lines;
}
