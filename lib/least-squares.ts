/**
 * Ordinary least squares in float64 by Householder QR: the exact optimum that gradient descent
 * only approaches. Chapter 1 prints it beside the trained parameters, to show how far 100000 Adam
 * steps got. QR, not the normal equations: xᵀx squares the condition number (columns 1 … 20736).
 */
export interface LeastSquares {
  w: number[];
  /** Σ (x·w − t)² at the optimum. */
  loss: number;
}

/** Minimises ‖x·w − t‖² for x given as rows (n ≥ k, full column rank). */
export function leastSquares(rows: readonly (readonly number[])[], t: readonly number[]): LeastSquares {
  const n = rows.length;
  const k = rows[0]?.length ?? 0;
  if (n < k || k === 0) throw new RangeError(`least squares needs at least as many rows as columns (got ${n}×${k})`);
  const a = rows.map((r) => [...r]);
  const b = [...t];
  for (let j = 0; j < k; j++) {
    let norm = 0;
    for (let i = j; i < n; i++) norm += a[i]![j]! ** 2;
    norm = Math.sqrt(norm);
    if (norm === 0) throw new RangeError(`column ${j} is linearly dependent on the others`);
    const alpha = a[j]![j]! > 0 ? -norm : norm;
    const v = a.map((r, i) => (i < j ? 0 : r[j]!));
    v[j]! -= alpha;
    const vv = v.reduce((s, x) => s + x * x, 0);
    const reflect = (column: (i: number) => number, write: (i: number, value: number) => void) => {
      let dot = 0;
      for (let i = j; i < n; i++) dot += v[i]! * column(i);
      const f = (2 * dot) / vv;
      for (let i = j; i < n; i++) write(i, column(i) - f * v[i]!);
    };
    for (let c = j; c < k; c++)
      reflect(
        (i) => a[i]![c]!,
        (i, value) => (a[i]![c] = value),
      );
    reflect(
      (i) => b[i]!,
      (i, value) => (b[i] = value),
    );
  }
  const w = new Array<number>(k).fill(0);
  for (let j = k - 1; j >= 0; j--) {
    let s = b[j]!;
    for (let c = j + 1; c < k; c++) s -= a[j]![c]! * w[c]!;
    w[j] = s / a[j]![j]!;
  }
  const loss = rows.reduce((sum, r, i) => sum + (r.reduce((s, x, c) => s + x * w[c]!, 0) - t[i]!) ** 2, 0);
  return { w, loss };
}
