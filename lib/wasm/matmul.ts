/**
 * Unbatched float32 products C[m,n] on the SIMD pool (./simd-pool), reading each operand where it
 * lies: no transposes, and no packing of the weights that training replaces every step.
 *
 *   A·B   (the dense layer forward, X·W):   ./conv-grad-simd's input tap, one pixel per row of A;
 *   A·Bᵀ  (its input gradient, dY·Wᵀ):      ./matmul-simd's dot-product tiles.
 *
 * The weight gradient Xᵀ·dY stays on XNNPACK after transposing the small X (./kernels): measured
 * in chapter 4's step, the input tap over its 3136 rows was slower (25 ms against 18).
 *
 * Threads take disjoint column (or row) ranges of C, so results do not depend on their number.
 * Shapes the tiles cannot take (widths not in the tiles' multiples) return null: the caller's
 * XNNPACK route computes them.
 */
import type { TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { splitByCost } from './parallel';
import { callLists, POOL_KERNEL, runParts, simdPoolOf } from './simd-pool';

/** Columns of the input tap's tile (eight v128 sums). */
const TAP_COLUMNS = 32;
/**
 * Rows of B per input-tap call. A 32-column panel of B takes one cache line from each of its rows,
 * and with 1024 columns each row is its own 4 KiB page: over all 3136 rows a pass missed the TLB
 * on every row (measured: 5 GFLOP/s). 64 rows are an 8 KiB panel that stays in L1 (and its 128
 * pages in the TLB) while every row of A passes it. Measured at 3136×1024 from 32 to 256 rows, 64 was
 * best (19 GFLOP/s on one thread, against 16 for XNNPACK's product). C's running sums carry between blocks, so the
 * order of the additions, and the result, are unchanged.
 */
const DEPTH_BLOCK = 64;
/**
 * Rows of A (and C) per input-tap call: the call sweeps its column groups one after another, and
 * 16 rows of C (64 KiB at 1024 columns) stay in cache from one group to the next. Without it, the
 * weight gradient (3136 rows) wrote C a 128-byte strip per 4 KiB row at a time.
 */
const ROW_BLOCK = 16;
/** Columns (rows of B) and depth step of the dot-product tiles. */
const DOT_COLUMNS = 4;
const DOT_DEPTH = 4;

export interface ProductShape {
  m: number;
  k: number;
  n: number;
  transposeA: boolean;
  transposeB: boolean;
}

/** Whether `simdProduct` takes this shape (on an engine with WebAssembly SIMD). */
export function simdProductFits({ m, k, n, transposeA, transposeB }: ProductShape): boolean {
  if (m < 1 || k < 1 || n < 1) return false;
  if (!transposeA && !transposeB) return n % TAP_COLUMNS === 0;
  if (!transposeA && transposeB) return n % DOT_COLUMNS === 0 && k % DOT_DEPTH === 0;
  return false;
}

/**
 * C = op(A)·op(B) for a, b holding A and B row-major (batch dimensions of 1 allowed), or null
 * where the shape does not fit or the engine has no SIMD.
 */
export function simdProduct(backend: BackendWasm, a: TensorInfo, b: TensorInfo, shape: ProductShape): TensorInfo | null {
  if (!simdProductFits(shape)) return null;
  const pool = simdPoolOf(backend);
  if (!pool) return null;
  const { m, k, n, transposeA, transposeB } = shape;
  const out = backend.makeOutput([m, n], 'float32');
  const at = (t: TensorInfo) => backend.getMemoryOffset(t.dataId);
  const [aAt, bAt, cAt] = [at(a), at(b), at(out)];
  if (!transposeA && !transposeB) {
    // C[p, 32g..] = Σ_k A[p,k]·B[k, 32g..]: pixels are rows of A; threads take column groups.
    // Depth blocks in order (the first stores, the rest add), rows of A in blocks within each.
    const groups = n / TAP_COLUMNS;
    const parts = callLists(pool, groups);
    const bounds = splitByCost(groups, parts.length);
    parts.forEach((part, p) => {
      const [g0, g1] = [bounds[p]!, bounds[p + 1]!];
      for (let k0 = 0; k0 < k; k0 += DEPTH_BLOCK) {
        const kernel = k0 === 0 ? POOL_KERNEL.inputTapOverwrite : POOL_KERNEL.inputTap;
        const depth = Math.min(DEPTH_BLOCK, k - k0);
        for (let r0 = 0; r0 < m; r0 += ROW_BLOCK) {
          part.push(
            kernel, cAt + (r0 * n + TAP_COLUMNS * g0) * 4, aAt + (r0 * k + k0) * 4, bAt + (k0 * n + TAP_COLUMNS * g0) * 4,
            1, Math.min(ROW_BLOCK, m - r0), g1 - g0, depth, 0, n * 4, 0, k * 4, n * 4,
          );
        }
      }
    });
    runParts(pool, parts);
  } else {
    // B is stored [n, k]: C[i, j] = A[i,:]·B[j,:]; threads take column ranges (rows of B).
    const blocks = n / DOT_COLUMNS;
    const parts = callLists(pool, blocks);
    const bounds = splitByCost(blocks, parts.length);
    const pairs = m - (m % 2);
    parts.forEach((part, p) => {
      const [j0, j1] = [bounds[p]! * DOT_COLUMNS, bounds[p + 1]! * DOT_COLUMNS];
      const [bFrom, cFrom] = [bAt + j0 * k * 4, cAt + j0 * 4];
      if (pairs > 0) part.push(POOL_KERNEL.dotPairs, aAt, bFrom, cFrom, pairs, j1 - j0, k, k * 4, k * 4, n * 4);
      if (pairs < m) part.push(POOL_KERNEL.dotRows, aAt + pairs * k * 4, bFrom, cFrom + pairs * n * 4, 1, j1 - j0, k, k * 4, k * 4, n * 4);
    });
    runParts(pool, parts);
  }
  return out;
}
