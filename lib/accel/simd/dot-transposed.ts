/**
 * C = A·Bᵀ with both operands row-major along the shared dimension, as WebAssembly SIMD on the
 * wasm backend's memory: the input gradient of a dense layer, dX = dY·Wᵀ, read straight from W
 * without transposing it (3.2 million weights: a transpose alone cost ~16 ms per step).
 *
 * One call computes, for `rows` rows of A and `cols` rows of B (byte addresses, float32 values):
 *
 *   c[c + i·cRowBytes + 4j] = Σ_{k < depth} a[a + i·aRowBytes + 4k] · b[b + j·bRowBytes + 4k]
 *
 * in tiles of ROWS rows × 4 columns whose sixteen-byte partial sums stay in v128 registers over
 * the whole depth: per four k, ROWS + 4 loads and 4·ROWS multiply-adds (fused where the engine
 * has them, ./fma; else a rounded product and a sum, as the cpu backend). Each dot product is
 * four lane sums added as (l0 + l1) + (l2 + l3), so results do not depend on how calls are split.
 * The caller passes rows in multiples of ROWS, cols in fours and depth in fours.
 */
import {
  addTo,
  doWhile,
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
  zeroV128,
} from './assembler';
import { multiplyAdd } from './fma';

// Parameters (i32).
const [A, B, C, ROWS, COLS, DEPTH, A_ROW, B_ROW, C_ROW] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
// i32 locals: row and column counters, the byte offset along k and its end, the tile's c row.
const [I, J, OFF, K_BYTES, C_AT] = [9, 10, 11, 12, 13];
// i32 locals: the tile's A row addresses (up to 2) and B row addresses (4).
const A_AT = (r: number) => 14 + r;
const B_AT = (q: number) => 16 + q;
const I32_LOCALS = 11;
// v128 locals: sums S[r][q], A's four lanes per row, one B load.
const S = (r: number, q: number) => 20 + 4 * r + q;
const AV = (r: number) => 28 + r;
const BV = 30;
const V128_LOCALS = 11;

/** (l0 + l1) + (l2 + l3) of a v128 local. */
const laneSum = (v: number) => [
  ...get(v),
  ...OP.f32x4ExtractLane,
  0,
  ...get(v),
  ...OP.f32x4ExtractLane,
  1,
  ...OP.f32Add,
  ...get(v),
  ...OP.f32x4ExtractLane,
  2,
  ...get(v),
  ...OP.f32x4ExtractLane,
  3,
  ...OP.f32Add,
  ...OP.f32Add,
];

function body(rowsPerTile: 1 | 2, fma: boolean): number[] {
  const step: number[] = [];
  for (let r = 0; r < rowsPerTile; r++)
    step.push(...get(A_AT(r)), ...get(OFF), ...OP.i32Add, ...OP.v128Load, ...memarg(0), ...set(AV(r)));
  for (let q = 0; q < 4; q++) {
    step.push(...get(B_AT(q)), ...get(OFF), ...OP.i32Add, ...OP.v128Load, ...memarg(0), ...set(BV));
    for (let r = 0; r < rowsPerTile; r++) {
      step.push(...multiplyAdd(get(AV(r)), get(BV), get(S(r, q)), fma), ...set(S(r, q)));
    }
  }
  step.push(...addTo(OFF, i32(16)));
  const clear: number[] = [];
  const store: number[] = [];
  for (let r = 0; r < rowsPerTile; r++) {
    for (let q = 0; q < 4; q++) {
      clear.push(...zeroV128(), ...set(S(r, q)));
      // c[C_AT + r·cRow + 4(j + q)] = Σ lanes
      store.push(
        ...scaled(scaled(get(C_AT), i32(r), get(C_ROW)), get(J), i32(4)),
        ...laneSum(S(r, q)),
        ...OP.f32Store,
        ...memarg(4 * q),
      );
    }
  }
  const rowAddresses: number[] = [];
  for (let r = 0; r < rowsPerTile; r++) {
    rowAddresses.push(...scaled(get(A), [...get(I), ...i32(r), ...OP.i32Add], get(A_ROW)), ...set(A_AT(r)));
  }
  const columnAddresses: number[] = [];
  for (let q = 0; q < 4; q++) {
    columnAddresses.push(...scaled(get(B), [...get(J), ...i32(q), ...OP.i32Add], get(B_ROW)), ...set(B_AT(q)));
  }
  const code = [
    ...get(DEPTH),
    ...i32(4),
    ...OP.i32Mul,
    ...set(K_BYTES),
    // Columns outside, rows inside: the four B rows (4·depth floats) stay in L1 while every row
    // of A passes them; B, the large weight matrix, is read from memory once.
    ...stepLoop(J, COLS, 4, [
      ...columnAddresses,
      ...stepLoop(I, ROWS, rowsPerTile, [
        ...rowAddresses,
        ...scaled(get(C), get(I), get(C_ROW)),
        ...set(C_AT),
        ...clear,
        ...i32(0),
        ...set(OFF),
        // do { step } while (off < kBytes): the caller passes depth ≥ 4
        ...doWhile(step, [...get(OFF), ...get(K_BYTES), ...OP.i32LtU]),
        ...store,
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

/**
 * The module for tiles of one or two rows of A (two: fewer loads of B per product), with fused
 * multiply-adds or not (./fma).
 */
export const dotTransposedBytes = (rowsPerTile: 1 | 2, fma = false) => i32Kernel(9, () => body(rowsPerTile, fma));
