/**
 * Unbatched float32 products C[m,n] on the SIMD pool (../pool), reading each operand where it
 * lies: no transposes, and no packing of the weights that training replaces every step.
 *
 *   A·B   (the dense layer forward, X·W):   ../simd/gemm's 4×8 tiles;
 *   A·Bᵀ  (its input gradient, dY·Wᵀ):      ../simd/dot-transposed's tiles;
 *   Aᵀ·B  (its weight gradient, Xᵀ·dY):     ../simd/filter-tile over the batch rows,
 *                                           after packing the small X and dY into column blocks.
 *
 * Threads take disjoint column (or row) ranges of C, so results do not depend on their number.
 * Shapes the tiles cannot take (widths not in the tiles' multiples) return null: the caller's
 * XNNPACK route computes them.
 */
import type { TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { addressOf, dispose, heapF32 } from '../kernel_utils';
import { accelOptions } from '../options';
import { chunksFor, POOL_KERNEL, runSplit, simdPoolOf } from '../pool/kernel-table';
import type { SimdPool } from '../pool/simd-pool';

/** Columns of ../simd/gemm's tiles (two v128 sums per row). */
const GEMM_COLUMNS = 8;
/** Rows of the filter tile (../simd/filter-tile) that Aᵀ·B runs on. */
const TILE_ROWS = 4;
/**
 * Aᵀ·B packs A and B into blocks of this many column groups (of 4 and 8 columns): per pixel of the
 * tile's sum, 256 bytes of A and 512 of B, so a block pair (38 KiB for 50 rows) stays in L1 and in
 * the TLB. Read where they lie, A's rows (12.5 KiB apart) and B's (4 KiB) took a TLB entry per row
 * and the tile ran at a third of its speed.
 */
const PACK_GROUPS = 16;
/**
 * Rows of B per call. A column panel of B takes one cache line from each of its rows, and with
 * 1024 columns each row is its own 4 KiB page: over all 3136 rows a pass missed the TLB on every
 * row (measured: 5 GFLOP/s). 64 rows are an 8 KiB panel of 64 pages that stay in the TLB while
 * every row of A passes them; C's sums carry between blocks, so the order of the additions,
 * and the result, are unchanged. Measured for 100×3136 · 3136×1024 on two threads: 32 rows
 * 12.8 ms, 64 rows 11.5 ms, 128 rows 13.6 ms, 256 rows 15.6 ms (XNNPACK: 27 ms).
 */
const DEPTH_BLOCK = 64;
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
  if (!transposeA && !transposeB) return n % GEMM_COLUMNS === 0;
  if (transposeA && !transposeB) return m % TILE_ROWS === 0 && n % GEMM_COLUMNS === 0;
  if (!transposeA && transposeB) return n % DOT_COLUMNS === 0 && k % DOT_DEPTH === 0;
  return false;
}

const roundUp = (value: number, multiple: number) => Math.ceil(value / multiple) * multiple;

/** The sides the tiles need: m, k and n rounded up to their multiples for this form (null: no tiles). */
function paddedShape({ m, k, n, transposeA, transposeB }: ProductShape): ProductShape | null {
  if (!transposeA && !transposeB) return { m, k, n: roundUp(n, GEMM_COLUMNS), transposeA, transposeB };
  if (transposeA && !transposeB)
    return { m: roundUp(m, TILE_ROWS), k, n: roundUp(n, GEMM_COLUMNS), transposeA, transposeB };
  if (!transposeA && transposeB)
    return { m, k: roundUp(k, DOT_DEPTH), n: roundUp(n, DOT_COLUMNS), transposeA, transposeB };
  return null;
}

/**
 * Padding pays while its copies are small beside the product: at most one copied value per this
 * many multiply-adds (the 10-way head's products: ~20 thousand copies for a million).
 */
const PRODUCT_PER_COPY = 8;

/** `rows` × `columns` of a row-major matrix into the top left of a zero `paddedRows` × `paddedColumns` one. */
function padMatrix(
  backend: BackendWasm,
  x: TensorInfo,
  rows: number,
  columns: number,
  paddedRows: number,
  paddedColumns: number,
) {
  const out = backend.makeOutput([paddedRows, paddedColumns], 'float32');
  const [from, to] = [heapF32(backend, x), heapF32(backend, out).fill(0)];
  for (let r = 0; r < rows; r++) to.set(from.subarray(r * columns, (r + 1) * columns), r * paddedColumns);
  return out;
}

/**
 * C = op(A)·op(B) for a, b holding A and B row-major (batch dimensions of 1 allowed), or null
 * where the engine has no SIMD or the shape does not fit the tiles and is too large to pad: a
 * shape whose sides are not the tiles' multiples runs on zero-padded copies (the padding only
 * adds zeros to the sums, or fills rows and columns of C that are dropped).
 */
export function simdProduct(
  backend: BackendWasm,
  a: TensorInfo,
  b: TensorInfo,
  shape: ProductShape,
): TensorInfo | null {
  const { m, k, n, transposeA, transposeB } = shape;
  // A·Bᵀ with a short depth (the head's dY·W₀ᵀ, depth 10): the dot-product tiles spend most of
  // their time summing lanes there, so Bᵀ (small) is written out and the product runs as A·Bᵀ.
  if (!transposeA && transposeB && k < SHORT_DEPTH && accelOptions.routes.paddedMatMul && m >= 1 && n >= 1)
    return shortDepthProduct(backend, a, b, shape);
  if (simdProductFits(shape)) return tiledProduct(backend, a, b, shape);
  const padded = paddedShape(shape);
  if (!padded || m < 1 || k < 1 || n < 1) return null;
  const [aRows, aColumns] = transposeA ? [k, m] : [m, k];
  const [bRows, bColumns] = transposeB ? [n, k] : [k, n];
  const [paRows, paColumns] = transposeA ? [padded.k, padded.m] : [padded.m, padded.k];
  const [pbRows, pbColumns] = transposeB ? [padded.n, padded.k] : [padded.k, padded.n];
  const [padA, padB, padC] = [
    paRows !== aRows || paColumns !== aColumns,
    pbRows !== bRows || pbColumns !== bColumns,
    padded.m !== m || padded.n !== n,
  ];
  const copies = (padA ? paRows * paColumns : 0) + (padB ? pbRows * pbColumns : 0) + (padC ? padded.m * padded.n : 0);
  if (!accelOptions.routes.paddedMatMul || copies * PRODUCT_PER_COPY > m * k * n) return null;
  const pa = padA ? padMatrix(backend, a, aRows, aColumns, paRows, paColumns) : a;
  const pb = padB ? padMatrix(backend, b, bRows, bColumns, pbRows, pbColumns) : b;
  const product = tiledProduct(backend, pa, pb, padded);
  if (pa !== a) dispose(backend, pa);
  if (pb !== b) dispose(backend, pb);
  return product && padC ? topLeft(backend, product, m, padded.n, n) : product;
}

/** Depths below this run A·Bᵀ as A·(Bᵀ): a few lanes of dot products cost more than writing Bᵀ. */
const SHORT_DEPTH = 32;

/** C = A·Bᵀ for b [n, k] of a short depth k: Bᵀ written into a [k, n rounded to eights] matrix, then A·Bᵀ. */
function shortDepthProduct(backend: BackendWasm, a: TensorInfo, b: TensorInfo, { m, k, n }: ProductShape) {
  const wide = roundUp(n, GEMM_COLUMNS);
  const bT = backend.makeOutput([k, wide], 'float32');
  const [from, to] = [heapF32(backend, b), heapF32(backend, bT).fill(0)];
  for (let j = 0; j < n; j++) for (let p = 0; p < k; p++) to[p * wide + j] = from[j * k + p]!;
  const product = tiledProduct(backend, a, bT, { m, k, n: wide, transposeA: false, transposeB: false });
  dispose(backend, bT);
  return product && wide !== n ? topLeft(backend, product, m, wide, n) : product;
}

/** The first `n` columns of a `wide`-column product's first `rows` rows, as a new tensor (the product freed). */
function topLeft(backend: BackendWasm, product: TensorInfo, rows: number, wide: number, n: number): TensorInfo {
  const out = backend.makeOutput([rows, n], 'float32');
  const [from, to] = [heapF32(backend, product), heapF32(backend, out)];
  for (let r = 0; r < rows; r++) to.set(from.subarray(r * wide, r * wide + n), r * n);
  dispose(backend, product);
  return out;
}

/**
 * From this many multiply-adds a product runs on the pool's threads (~0.3 ms on one); the 10-way
 * head's million stay on one thread.
 */
const THREADED_PRODUCT = 1 << 23;

/** C = op(A)·op(B) for a shape simdProductFits takes, or null where the engine has no SIMD. */
function tiledProduct(backend: BackendWasm, a: TensorInfo, b: TensorInfo, shape: ProductShape): TensorInfo | null {
  const pool = simdPoolOf(backend);
  if (!pool) return null;
  const { m, k, n, transposeA, transposeB } = shape;
  const out = backend.makeOutput([m, n], 'float32');
  const [aAt, bAt, cAt] = [a, b, out].map((t) => addressOf(backend, t)) as [number, number, number];
  if (!transposeA && !transposeB && accelOptions.routes.packedMatMul) {
    packedProduct(backend, pool, a, b, out, shape);
  } else if (!transposeA && !transposeB) {
    // C[·, 8o..] += Σ_k A[·,k]·B[k, 8o..] in 4×8 tiles onto a cleared C; threads take column
    // groups. Depth blocks in order; in each, the rows in fours, then the rest one by one.
    heapF32(backend, out).fill(0);
    const octets = n / GEMM_COLUMNS;
    const quads = m - (m % 4);
    runSplit(
      pool,
      octets,
      (part, o0, o1) => {
        for (let k0 = 0; k0 < k; k0 += DEPTH_BLOCK) {
          const depth = Math.min(DEPTH_BLOCK, k - k0);
          const bFrom = bAt + (k0 * n + GEMM_COLUMNS * o0) * 4;
          if (quads > 0)
            part.push(
              POOL_KERNEL.gemmQuads,
              aAt + 4 * k0,
              bFrom,
              cAt + 4 * GEMM_COLUMNS * o0,
              quads,
              o1 - o0,
              depth,
              k * 4,
              n * 4,
              n * 4,
              1,
              0,
              0,
            );
          if (quads < m)
            part.push(
              POOL_KERNEL.gemmRows,
              aAt + (quads * k + k0) * 4,
              bFrom,
              cAt + (quads * n + GEMM_COLUMNS * o0) * 4,
              m - quads,
              o1 - o0,
              depth,
              k * 4,
              n * 4,
              n * 4,
              1,
              0,
              0,
            );
        }
      },
      m * k * n >= THREADED_PRODUCT,
    );
  } else if (transposeA) {
    transposedLeftProduct(backend, pool, a, b, out, shape);
  } else {
    // B is stored [n, k]: C[i, j] = A[i,:]·B[j,:]; threads take column ranges (rows of B).
    const blocks = n / DOT_COLUMNS;
    const pairs = m - (m % 2);
    runSplit(
      pool,
      blocks,
      (part, block0, block1) => {
        const [j0, j1] = [block0 * DOT_COLUMNS, block1 * DOT_COLUMNS];
        const [bFrom, cFrom] = [bAt + j0 * k * 4, cAt + j0 * 4];
        if (pairs > 0) part.push(POOL_KERNEL.dotPairs, aAt, bFrom, cFrom, pairs, j1 - j0, k, k * 4, k * 4, n * 4);
        if (pairs < m)
          part.push(
            POOL_KERNEL.dotRows,
            aAt + pairs * k * 4,
            bFrom,
            cFrom + pairs * n * 4,
            1,
            j1 - j0,
            k,
            k * 4,
            k * 4,
            n * 4,
          );
      },
      m * k * n >= THREADED_PRODUCT,
    );
  }
  return out;
}

/**
 * Depth rows of B per panel in the packed A·B: a panel (32 rows × 128 columns, 16 KiB) and the
 * matching columns of A's rows stay in L1 together. Measured single threaded at
 * 100×3136·3136×1024: 16 rows 53, 32 rows 56, 64 rows 56 GFLOP/s; reading B where it lies,
 * 15–22 GFLOP/s at any depth block (a 4 KiB page per row of B, all in one L1 set).
 */
const PANEL_DEPTH = 32;
/** Column groups of eight per panel: 128 columns, rows 512 bytes apart (spread over L1's sets). */
const PANEL_OCTETS = 16;

/**
 * C = A·B for A stored [m, k] and B stored [k, n] (the dense layer forward, X·W) on ../simd/gemm,
 * A read where it lies: each depth block of B is copied, 128 columns at a time, into a panel of
 * the chunk's own (../simd/copy-rows) that the tiles then read from L1, and C's sums carry from
 * block to block in depth order onto a cleared C. Threads take disjoint ranges of column groups.
 * (Over a transposed A, the filter tile ran ~8% faster, but writing Aᵀ in JavaScript took longer
 * than that on one thread: 1.5 ms of a chapter 5 step.)
 */
function packedProduct(
  backend: BackendWasm,
  pool: SimdPool,
  a: TensorInfo,
  b: TensorInfo,
  out: TensorInfo,
  { m, k, n }: ProductShape,
): void {
  const panelFloats = PANEL_DEPTH * PANEL_OCTETS * GEMM_COLUMNS;
  const chunks = chunksFor(pool, n / GEMM_COLUMNS);
  const panels = backend.makeOutput([chunks * panelFloats], 'float32');
  runSplit(pool, 1, (part) => part.push(POOL_KERNEL.clear, addressOf(backend, out), m * n * 4));
  const [aAt, bAt, cAt, pAt] = [a, b, out, panels].map((t) => addressOf(backend, t)) as [
    number,
    number,
    number,
    number,
  ];
  const quads = m - (m % 4);
  runSplit(
    pool,
    n / GEMM_COLUMNS,
    (part, o0, o1, index) => {
      const panel = pAt + index * panelFloats * 4;
      for (let k0 = 0; k0 < k; k0 += PANEL_DEPTH) {
        const depth = Math.min(PANEL_DEPTH, k - k0);
        for (let p0 = o0; p0 < o1; p0 += PANEL_OCTETS) {
          const octets = Math.min(PANEL_OCTETS, o1 - p0);
          const panelRow = octets * GEMM_COLUMNS * 4;
          const c = cAt + GEMM_COLUMNS * p0 * 4;
          part.push(
            POOL_KERNEL.copyRows,
            bAt + (k0 * n + GEMM_COLUMNS * p0) * 4,
            panel,
            depth,
            panelRow,
            n * 4,
            panelRow,
          );
          if (quads > 0)
            part.push(
              POOL_KERNEL.gemmQuads,
              aAt + k0 * 4,
              panel,
              c,
              quads,
              octets,
              depth,
              k * 4,
              panelRow,
              n * 4,
              1,
              0,
              0,
            );
          if (quads < m)
            part.push(
              POOL_KERNEL.gemmRows,
              aAt + (quads * k + k0) * 4,
              panel,
              c + quads * n * 4,
              m - quads,
              octets,
              depth,
              k * 4,
              panelRow,
              n * 4,
              1,
              0,
              0,
            );
        }
      }
    },
    m * k * n >= THREADED_PRODUCT,
  );
  dispose(backend, panels);
}

/**
 * C = Aᵀ·B for A stored [k, m] and B stored [k, n] (the weight gradient Xᵀ·dY, k the batch):
 * C[4g+i, 8o+j] = Σ_p A[p, 4g+i]·B[p, 8o+j] on ../simd/filter-tile's filter tile, with the batch rows
 * as its pixels. A and B are first copied into blocks of PACK_GROUPS column groups, each block
 * [k, 4·PACK_GROUPS] (or [k, 8·PACK_GROUPS]) contiguous; every block pair is one call that stores
 * its part of C, so C needs no clearing. Threads take disjoint ranges of A's blocks (rows of C).
 */
function transposedLeftProduct(
  backend: BackendWasm,
  pool: SimdPool,
  a: TensorInfo,
  b: TensorInfo,
  out: TensorInfo,
  shape: ProductShape,
): void {
  const { m, k, n } = shape;
  const aGroups = m / TILE_ROWS;
  const bGroups = n / GEMM_COLUMNS;
  const aBlocks = Math.ceil(aGroups / PACK_GROUPS);
  const bBlocks = Math.ceil(bGroups / PACK_GROUPS);
  const aWidth = TILE_ROWS * PACK_GROUPS;
  const bWidth = GEMM_COLUMNS * PACK_GROUPS;
  const packedA = backend.makeOutput([aBlocks * k * aWidth], 'float32');
  const packedB = backend.makeOutput([bBlocks * k * bWidth], 'float32');
  const [aAt, bAt, cAt] = [packedA, packedB, out].map((t) => addressOf(backend, t)) as [number, number, number];
  packColumns(pool, addressOf(backend, a), aAt, k, m, aWidth);
  packColumns(pool, addressOf(backend, b), bAt, k, n, bWidth);
  runSplit(
    pool,
    aBlocks,
    (part, from, to) => {
      for (let i = from; i < to; i++) {
        const groups = Math.min(PACK_GROUPS, aGroups - i * PACK_GROUPS);
        for (let j = 0; j < bBlocks; j++) {
          const octets = Math.min(PACK_GROUPS, bGroups - j * PACK_GROUPS);
          part.push(
            POOL_KERNEL.filterTileOverwrite,
            aAt + i * k * aWidth * 4,
            bAt + j * k * bWidth * 4,
            cAt + (i * aWidth * n + j * bWidth) * 4,
            1,
            k,
            groups,
            octets,
            0,
            aWidth * 4,
            0,
            bWidth * 4,
            n * 4,
          );
        }
      }
    },
    m * k * n >= THREADED_PRODUCT,
  );
  dispose(backend, packedA, packedB);
}

/**
 * packed[block][row][0..width) = source[row][block·width ..] for a rows × columns matrix (columns
 * in fours), one ../simd/copy-rows call per block on the pool; a last, narrower block keeps the
 * full width's stride.
 */
function packColumns(pool: SimdPool, source: number, packed: number, rows: number, columns: number, width: number) {
  // A copy streams memory about as fast on one thread as on two.
  runSplit(
    pool,
    Math.ceil(columns / width),
    (part, from, to) => {
      for (let block = from; block < to; block++) {
        const bytes = (Math.min(columns, (block + 1) * width) - block * width) * 4;
        part.push(
          POOL_KERNEL.copyRows,
          source + block * width * 4,
          packed + block * rows * width * 4,
          rows,
          bytes,
          columns * 4,
          width * 4,
        );
      }
    },
    false,
  );
}
