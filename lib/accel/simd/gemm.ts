/**
 * C += A·B for row-major float32 matrices as WebAssembly SIMD on the wasm backend's memory, in
 * register tiles of ROWS rows × 8 columns; the rows may be pixels of a rectangle of an image.
 *
 * One call, for `rectRows` rectangle rows, `rows` rows of A and C in each, and `octets` groups of
 * eight columns of B and C:
 *
 *   c[c + q·cRectRowBytes + i·cRowBytes + 32o + 4j] +=
 *     Σ_{k < depth} a[a + q·aRectRowBytes + i·aRowBytes + 4k] · b[b + k·bRowBytes + 32o + 4j]
 *
 * Per k: two loads of B's eight columns, one broadcast load of A per row, and 2·ROWS multiply-adds
 * into sums that stay in v128 registers over the whole depth (6 loads per 8 multiply-adds at four
 * rows, against 9 for one pixel × 32 columns). Column groups outside, rows inside, so that
 * B's depth × 8 panel stays in L1 while every row of A passes it. Each sum adds its products in k
 * order onto C's value, so results do not depend on how callers split rows or columns.
 *
 * A dense layer's X·W is one rectangle row of X's rows; a convolution's filter tap, per image, is
 * the rectangle of output pixels whose input pixel lies in the image (rows: pixels of one image
 * row; rectangle rows: image rows), B the tap's [in, out] channel matrix.
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
  stepLoop,
  TYPE,
} from './assembler';
import { multiplyAdd } from './fma';

// Parameters (i32).
const [A, B, C, ROWS, OCTETS, DEPTH, A_ROW, B_ROW, C_ROW, RECT_ROWS, A_RECT_ROW, C_RECT_ROW] = [
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
];
const PARAMS = 12;
// i32 locals: rectangle-row, row and octet counters, the depth countdown, B's running address, the
// tile's C address, the rectangle row's A and C bases.
const [Q, R, O, K, BP, CP, AQ, CQ] = [12, 13, 14, 15, 16, 17, 18, 19];
/** A's running address for tile row i. */
const AP = (i: number) => 20 + i;
const I32_LOCALS = 12;
// v128 locals: sums S[i][j] (row i, column half j), B's two halves, a broadcast A value.
const S = (i: number, j: number) => 24 + 2 * i + j;
const [B0, B1, SPLAT] = [32, 33, 34];
const V128_LOCALS = 11;

/** Address of C's tile row i: CP + i·cRowBytes. */
const cRow = (i: number) => scaled(get(CP), i32(i), get(C_ROW));

function body(rowsPerTile: 1 | 2 | 4, fma: boolean): number[] {
  const load: number[] = [];
  const store: number[] = [];
  const rowAddresses: number[] = [];
  for (let i = 0; i < rowsPerTile; i++) {
    for (let j = 0; j < 2; j++) {
      load.push(...cRow(i), ...OP.v128Load, ...memarg(16 * j), ...set(S(i, j)));
      store.push(...cRow(i), ...get(S(i, j)), ...OP.v128Store, ...memarg(16 * j));
    }
    // AP(i) = aq + (r + i)·aRowBytes
    rowAddresses.push(...scaled(get(AQ), [...get(R), ...i32(i), ...OP.i32Add], get(A_ROW)), ...set(AP(i)));
  }
  const step: number[] = [
    ...get(BP),
    ...OP.v128Load,
    ...memarg(0),
    ...set(B0),
    ...get(BP),
    ...OP.v128Load,
    ...memarg(16),
    ...set(B1),
  ];
  for (let i = 0; i < rowsPerTile; i++) {
    step.push(...get(AP(i)), ...OP.v128Load32Splat, ...memarg(0), ...set(SPLAT));
    step.push(...multiplyAdd(get(SPLAT), get(B0), get(S(i, 0)), fma), ...set(S(i, 0)));
    step.push(...multiplyAdd(get(SPLAT), get(B1), get(S(i, 1)), fma), ...set(S(i, 1)));
    step.push(...addTo(AP(i), i32(4)));
  }
  step.push(...addTo(BP, get(B_ROW)));
  const code = [
    ...forLoop(Q, RECT_ROWS, [
      // AQ = a + q·aRectRowBytes; CQ = c + q·cRectRowBytes
      ...scaled(get(A), get(Q), get(A_RECT_ROW)),
      ...set(AQ),
      ...scaled(get(C), get(Q), get(C_RECT_ROW)),
      ...set(CQ),
      ...forLoop(O, OCTETS, [
        ...stepLoop(R, ROWS, rowsPerTile, [
          // CP = cq + r·cRowBytes + 32o; BP = b + 32o
          ...scaled(scaled(get(CQ), get(R), get(C_ROW)), get(O), i32(32)),
          ...set(CP),
          ...scaled(get(B), get(O), i32(32)),
          ...set(BP),
          ...rowAddresses,
          ...load,
          ...get(DEPTH),
          ...set(K),
          // do { step } while (--k): the caller passes depth ≥ 1
          ...doWhile([...step, ...addTo(K, i32(-1))], [...i32(0), ...get(K), ...OP.i32LtU]),
          ...store,
        ]),
      ]),
    ]),
    ...OP.end,
  ];
  return functionBodyOf(
    [
      [I32_LOCALS, TYPE.i32],
      [V128_LOCALS, TYPE.v128],
    ],
    code,
  );
}

/** The module for tiles of four rows (or two or one, for the rows left over), with fused multiply-adds or not. */
export const gemmBytes = (rowsPerTile: 1 | 2 | 4, fma: boolean) => i32Kernel(PARAMS, () => body(rowsPerTile, fma));
