/**
 * The inner loop of a stride-1 convolution's filter gradient as WebAssembly SIMD on the wasm
 * backend's memory, assembled from readable instruction lists as ../kernels/tf1-adam-simd is.
 *
 * One call adds to an accumulator block acc[4·groups rows, 8·coGroups columns] (row stride
 * accRowBytes) the products of a rectangle of `rows` × `cols` pixels:
 *
 *   acc[4g + i, 8o + j] += Σ_{r, c} x[x + r·xRowBytes + c·xPixBytes + 16g + 4i] · dy[dy + r·dyRowBytes + c·dyPixBytes + 32o + 4j]
 *
 * (byte addresses, float32 values). Tiles of 4 rows × 8 columns stay in eight v128 registers
 * over the whole rectangle: per pixel two dy loads, four broadcast loads of x, eight multiplies and
 * eight adds (WebAssembly has no fused multiply-add, so every product is rounded before its sum,
 * as in the cpu backend). The caller picks rectangles so that every x read is inside the image
 * (or in a zero-padded copy of it) and sums the calls in a fixed order, so results are
 * deterministic.
 */
import {
  addTo,
  assembleModule,
  forLoop,
  functionBodyOf,
  get,
  i32,
  memarg,
  OP,
  set,
  simd,
  TYPE,
} from '../kernels/wasm-assembly';
import { multiplyAdd } from './relaxed-simd';

const SIMD = { load: 0x00, const: 0x0c, load32Splat: 0x09, store: 0x0b } as const;
const I32_MUL = 0x6c;
const I32_LT_U = 0x49;

// Parameters (i32).
const [X, DY, ACC, ROWS, COLS, GROUPS, CO_GROUPS, X_ROW, X_PIX, DY_ROW, DY_PIX, ACC_ROW] = [
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
];
// i32 locals: counters g, o, r; running x and dy addresses, the row's dy end; the group's x, the
// tile's accumulator and dy bases; cols·dyPixBytes.
const [G, O, R, XP, DP, DEND, XG, AG, DO, COL_BYTES] = [12, 13, 14, 15, 16, 17, 18, 19, 20, 21];
// v128 locals: accumulators A[i][j] (i: x lane, j: dy half), the two dy halves, a broadcast x.
const A = (i: number, j: number) => 22 + 2 * i + j;
const [D0, D1, S] = [30, 31, 32];

/** Address of accumulator row i of the tile: AG + i·accRowBytes. */
const accRow = (i: number) => [...get(AG), ...get(ACC_ROW), ...i32(i), I32_MUL, OP.i32Add];

function pixel(fma: boolean): number[] {
  const code = [
    ...get(DP),
    ...simd(SIMD.load),
    ...memarg(0),
    ...set(D0),
    ...get(DP),
    ...simd(SIMD.load),
    ...memarg(16),
    ...set(D1),
  ];
  for (let i = 0; i < 4; i++) {
    code.push(...get(XP), ...simd(SIMD.load32Splat), ...memarg(4 * i), ...set(S));
    for (let j = 0; j < 2; j++) {
      code.push(...multiplyAdd(get(S), get(j === 0 ? D0 : D1), get(A(i, j)), fma), ...set(A(i, j)));
    }
  }
  code.push(...addTo(XP, get(X_PIX)), ...addTo(DP, get(DY_PIX)));
  return code;
}

function body(fma: boolean, accumulate: boolean): number[] {
  const loadTile: number[] = [];
  const storeTile: number[] = [];
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 2; j++) {
      if (accumulate) loadTile.push(...accRow(i), ...simd(SIMD.load), ...memarg(16 * j), ...set(A(i, j)));
      else loadTile.push(...simd(SIMD.const), ...Array(16).fill(0), ...set(A(i, j)));
      storeTile.push(...accRow(i), ...get(A(i, j)), ...simd(SIMD.store), ...memarg(16 * j));
    }
  }
  const code = [
    ...get(COLS),
    ...get(DY_PIX),
    I32_MUL,
    ...set(COL_BYTES),
    ...forLoop(G, GROUPS, [
      ...get(X),
      ...get(G),
      ...i32(16),
      I32_MUL,
      OP.i32Add,
      ...set(XG),
      ...forLoop(O, CO_GROUPS, [
        // AG = acc + g·4·accRowBytes + o·32; DO = dy + o·32
        ...get(ACC),
        ...get(G),
        ...i32(4),
        I32_MUL,
        ...get(ACC_ROW),
        I32_MUL,
        OP.i32Add,
        ...get(O),
        ...i32(32),
        I32_MUL,
        OP.i32Add,
        ...set(AG),
        ...get(DY),
        ...get(O),
        ...i32(32),
        I32_MUL,
        OP.i32Add,
        ...set(DO),
        ...loadTile,
        ...forLoop(R, ROWS, [
          ...get(XG),
          ...get(R),
          ...get(X_ROW),
          I32_MUL,
          OP.i32Add,
          ...set(XP),
          ...get(DO),
          ...get(R),
          ...get(DY_ROW),
          I32_MUL,
          OP.i32Add,
          ...set(DP),
          ...get(DP),
          ...get(COL_BYTES),
          OP.i32Add,
          ...set(DEND),
          // do { pixel } while (dp < dEnd): the caller passes cols ≥ 1
          OP.loop,
          TYPE.void,
          ...pixel(fma),
          ...get(DP),
          ...get(DEND),
          I32_LT_U,
          OP.brIf,
          0,
          OP.end,
        ]),
        ...storeTile,
      ]),
    ]),
    OP.end,
  ];
  return functionBodyOf(
    [
      [10, TYPE.i32],
      [11, TYPE.v128],
    ],
    code,
  );
}

/**
 * The filter-gradient tile's module (also C = Aᵀ·B with one pixel per row of A and B): with fused
 * multiply-adds or not (./relaxed-simd), adding its sums to acc (`accumulate`) or storing them over
 * it (acc need not be cleared first).
 */
export const filterTileBytes =
  (fma: boolean, accumulate = true) =>
  (shared: boolean) =>
    assembleModule(shared, Array(12).fill(TYPE.i32) as number[], body(fma, accumulate));
