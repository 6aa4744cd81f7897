/**
 * The one SimdPool (./parallel) per wasm backend memory, holding every SIMD kernel that the
 * training kernels split across threads.
 */
import { adamUpdateBytes, wasmBackendMemory } from '../kernels/tf1-adam-simd';
import { filterTileBytes } from './conv-grad-simd';
import { gemmBytes } from './gemm-simd';
import { dotTransposedBytes } from './matmul-simd';
import { columnSumBytes } from './sum-simd';
import { CallList, SimdPool, splitByCost, type KernelBytes } from './parallel';
import { fusedMultiplyAddAvailable } from './relaxed-simd';
import { wasmThreadCount } from './threads';

/** Indices of the pool's kernels, for CallList.push. */
export const POOL_KERNEL = {
  /** ./conv-grad-simd's filter-gradient tile: acc[4g+i, 8o+j] += Σ x·dy. */
  filterTile: 0,
  /** ./gemm-simd's C += A·B in tiles of four rows × eight columns… */
  gemmQuads: 1,
  /** …and of one row (the rows left over). */
  gemmRows: 2,
  /** ./matmul-simd's C = A·Bᵀ in tiles of two rows of A… */
  dotPairs: 3,
  /** …and of one row (an odd last row). */
  dotRows: 4,
  /** ./sum-simd's float64 column sums. */
  columnSum: 5,
  /** ../kernels/tf1-adam-simd's TF 1.x Adam update over a range of weights. */
  adamUpdate: 6,
  /** The filter-gradient tile storing acc[4g+i, 8o+j] = Σ x·dy (no clearing needed). */
  filterTileOverwrite: 7,
} as const;

/** The kernels in POOL_KERNEL's order; the products with fused multiply-adds where available. */
function sources(fma: boolean): KernelBytes[] {
  return [
    filterTileBytes(fma),
    gemmBytes(4, fma),
    gemmBytes(1, fma),
    dotTransposedBytes(2, fma),
    dotTransposedBytes(1, fma),
    columnSumBytes,
    adamUpdateBytes,
    filterTileBytes(fma, false),
  ];
}

/**
 * Benchmarks switch threads off to measure what they bring (lib/wasm/bench-variants.ts), and fused
 * multiply-adds (used where available, ./relaxed-simd).
 */
export const SIMD_POOL_OPTIONS = { threads: true, fusedMultiplyAdd: true };

const pools = new WeakMap<WebAssembly.Memory, Map<boolean, SimdPool | null>>();

/**
 * The pool on `backend`'s memory: one worker per extra thread of the backend's XNNPACK pool (the
 * cores the user gave the backend), none without shared memory. Null where this engine has no
 * WebAssembly SIMD.
 */
export function simdPoolOf(backend: unknown): SimdPool | null {
  const memory = wasmBackendMemory((backend as { wasm?: unknown }).wasm);
  if (!memory) return null;
  const fma = SIMD_POOL_OPTIONS.fusedMultiplyAdd && fusedMultiplyAddAvailable();
  let byKind = pools.get(memory);
  if (!byKind) {
    byKind = new Map();
    pools.set(memory, byKind);
  }
  if (byKind.has(fma)) return byKind.get(fma)!;
  let pool: SimdPool | null = null;
  try {
    pool = new SimdPool(memory, sources(fma), wasmThreadCount() - 1);
  } catch {
    pool = null;
  }
  byKind.set(fma, pool);
  return pool;
}

/**
 * Cuts `items` (0 … items−1) into one contiguous range per part of `pool` (no part without work),
 * lets `fill` append each range's calls to its part, and runs the parts: on threads unless
 * SIMD_POOL_OPTIONS.threads is off. The ranges must lead to disjoint writes.
 */
export function runSplit(
  pool: SimdPool,
  items: number,
  fill: (part: CallList, from: number, to: number) => void,
): void {
  const count = Math.max(1, Math.min(pool.parts, items));
  const bounds = splitByCost(items, count);
  const parts = Array.from({ length: count }, (_, p) => {
    const part = new CallList();
    fill(part, bounds[p]!, bounds[p + 1]!);
    return part;
  });
  pool.run(parts, SIMD_POOL_OPTIONS.threads);
}
