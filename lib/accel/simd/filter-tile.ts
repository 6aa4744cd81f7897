/**
 * The inner loop of a stride-1 convolution's filter gradient as WebAssembly SIMD on the wasm
 * backend's memory, assembled from readable instruction lists (./assembler).
 *
 * One call adds to an accumulator block acc[4·groups rows, 8·coGroups columns] (row stride
 * accRowBytes) the products of a rectangle of `rows` × `cols` pixels:
 *
 *   acc[4g + i, 8o + j] += Σ_{r, c} x[x + r·xRowBytes + c·xPixBytes + 16g + 4i]
 *                                  · dy[dy + r·dyRowBytes + c·dyPixBytes + 32o + 4j]
 *
 * (byte addresses, float32 values). Tiles of 4 rows × 8 columns stay in eight v128 registers
 * over the whole rectangle: per pixel two dy loads, four broadcast loads of x and eight
 * multiply-adds (fused where the engine has them, ./fma; else a rounded product and a sum,
 * as in the cpu backend). The caller picks rectangles so that every x read is inside the image
 * (or in a zero-padded copy of it) and sums the calls in a fixed order, so results are
 * deterministic.
 */
import {
  addTo,
  doWhile,
  forLoop,
  functionBodyOf,
  get,
  i32,
  i32Kernel,
  memarg,
  OP,
  scaled,
  set,
  TYPE,
  zeroV128,
} from './assembler';
import { multiplyAdd } from './fma';

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
const accRow = (i: number) => scaled(get(AG), get(ACC_ROW), i32(i));

function pixel(fma: boolean): number[] {
  const code = [
    ...get(DP),
    ...OP.v128Load,
    ...memarg(0),
    ...set(D0),
    ...get(DP),
    ...OP.v128Load,
    ...memarg(16),
    ...set(D1),
  ];
  for (let i = 0; i < 4; i++) {
    code.push(...get(XP), ...OP.v128Load32Splat, ...memarg(4 * i), ...set(S));
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
      if (accumulate) loadTile.push(...accRow(i), ...OP.v128Load, ...memarg(16 * j), ...set(A(i, j)));
      else loadTile.push(...zeroV128(), ...set(A(i, j)));
      storeTile.push(...accRow(i), ...get(A(i, j)), ...OP.v128Store, ...memarg(16 * j));
    }
  }
  const code = [
    ...get(COLS),
    ...get(DY_PIX),
    ...OP.i32Mul,
    ...set(COL_BYTES),
    ...forLoop(G, GROUPS, [
      ...scaled(get(X), get(G), i32(16)),
      ...set(XG),
      ...forLoop(O, CO_GROUPS, [
        // AG = acc + g·4·accRowBytes + o·32; DO = dy + o·32
        ...scaled(scaled(get(ACC), get(G), [...i32(4), ...get(ACC_ROW), ...OP.i32Mul]), get(O), i32(32)),
        ...set(AG),
        ...scaled(get(DY), get(O), i32(32)),
        ...set(DO),
        ...loadTile,
        ...forLoop(R, ROWS, [
          ...scaled(get(XG), get(R), get(X_ROW)),
          ...set(XP),
          ...scaled(get(DO), get(R), get(DY_ROW)),
          ...set(DP),
          ...get(DP),
          ...get(COL_BYTES),
          ...OP.i32Add,
          ...set(DEND),
          // do { pixel } while (dp < dEnd): the caller passes cols ≥ 1
          ...doWhile(pixel(fma), [...get(DP), ...get(DEND), ...OP.i32LtU]),
        ]),
        ...storeTile,
      ]),
    ]),
    ...OP.end,
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
 * multiply-adds or not (./fma), adding its sums to acc (`accumulate`) or storing them over
 * it (acc need not be cleared first).
 */
export const filterTileBytes = (fma: boolean, accumulate = true) => i32Kernel(12, () => body(fma, accumulate));
