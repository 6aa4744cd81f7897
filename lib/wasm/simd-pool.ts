/**
 * The one SimdPool (./parallel) per wasm backend memory, holding every SIMD kernel that the
 * training kernels split across threads.
 */
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { adamUpdateBytes, wasmBackendMemory } from '../kernels/tf1-adam-simd';
import { filterGradTileBytes, filterGradTileFmaBytes, filterTileOverwriteBytes } from './conv-grad-simd';
import { gemmBytes } from './gemm-simd';
import { dotTransposedBytes } from './matmul-simd';
import { columnSumBytes } from './sum-simd';
import { CallList, SimdPool, type KernelBytes } from './parallel';
import { fusedMultiplyAddAvailable } from './relaxed-simd';

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
    fma ? filterGradTileFmaBytes : filterGradTileBytes,
    gemmBytes(4, fma),
    gemmBytes(1, fma),
    dotTransposedBytes(2, fma),
    dotTransposedBytes(1, fma),
    columnSumBytes,
    adamUpdateBytes,
    filterTileOverwriteBytes(fma),
  ];
}

/**
 * Benchmarks switch threads off to measure what they bring (lib/wasm/bench-variants.ts), and fused
 * multiply-adds (used where available, ./relaxed-simd).
 */
export const SIMD_POOL_OPTIONS = { threads: true, fusedMultiplyAdd: true };

const pools = new WeakMap<WebAssembly.Memory, Map<boolean, SimdPool | null>>();

function threadCount(): number {
  try {
    return getThreadsCount();
  } catch {
    return 1;
  }
}

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
  if (!byKind) pools.set(memory, (byKind = new Map()));
  if (byKind.has(fma)) return byKind.get(fma)!;
  let pool: SimdPool | null = null;
  try {
    pool = new SimdPool(memory, sources(fma), threadCount() - 1);
  } catch {
    pool = null;
  }
  byKind.set(fma, pool);
  return pool;
}

/** One empty CallList per part of `pool`, at most `items` of them (no part without work). */
export function callLists(pool: SimdPool, items: number): CallList[] {
  return Array.from({ length: Math.max(1, Math.min(pool.parts, items)) }, () => new CallList());
}

/** Runs the parts on the pool, on threads unless SIMD_POOL_OPTIONS.threads is off. */
export function runParts(pool: SimdPool, parts: readonly CallList[]): void {
  pool.run(parts, SIMD_POOL_OPTIONS.threads);
}
