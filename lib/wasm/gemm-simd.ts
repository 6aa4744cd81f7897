/**
 * C = A·B (or C += A·B) for row-major float32 matrices as WebAssembly SIMD on the wasm backend's
 * memory, in register tiles of ROWS rows × 8 columns.
 *
 * One call, for `rows` rows of A and C and `octets` groups of eight columns of B and C:
 *
 *   c[c + i·cRowBytes + 32o + 4j] (+)= Σ_{k < depth} a[a + i·aRowBytes + 4k] · b[b + k·bRowBytes + 32o + 4j]
 *
 * Per k: two loads of B's eight columns, one broadcast load of A per row, and 2·ROWS multiply-adds
 * into sums that stay in v128 registers over the whole depth (6 loads per 8 multiply-adds at four
 * rows, against 9 for ./conv-grad-simd's one-pixel tap). Column groups outside, rows inside, so that
 * B's depth × 8 panel stays in L1 while every row of A passes it. Each sum adds its products in k
 * order, so results do not depend on how callers split rows or columns. `accumulate` 0 starts the
 * sums at zero (C need not be cleared), 1 at C's values (for depth blocks after the first).
 */
import { assembleModule, functionBodyOf, OP, sleb, TYPE, uleb } from '../kernels/tf1-adam-simd';
import { multiplyAdd } from './conv-grad-simd';

const SIMD = { load: 0x00, load32Splat: 0x09, store: 0x0b, const: 0x0c } as const;
const I32_MUL = 0x6c;
const I32_LT_U = 0x49;
const I32_SUB = 0x6b;
const IF = 0x04;
const ELSE = 0x05;

// Parameters (i32).
const [A, B, C, ROWS, OCTETS, DEPTH, A_ROW, B_ROW, C_ROW, ACCUMULATE] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
const PARAMS = 10;
// i32 locals: row and octet counters, the depth countdown, B's running address, the tile's C address.
const [R, O, K, BP, CP] = [10, 11, 12, 13, 14];
/** A's running address for tile row i. */
const AP = (i: number) => 15 + i;
const I32_LOCALS = 9;
// v128 locals: sums S[i][j] (row i, column half j), B's two halves, a broadcast A value.
const S = (i: number, j: number) => 19 + 2 * i + j;
const [B0, B1, SPLAT] = [27, 28, 29];
const V128_LOCALS = 11;

const get = (local: number) => [OP.localGet, ...uleb(local)];
const set = (local: number) => [OP.localSet, ...uleb(local)];
const simd = (op: number) => [0xfd, ...uleb(op)];
const memarg = (offset: number) => [2, ...uleb(offset)];
const i32 = (value: number) => [OP.i32Const, ...sleb(value)];
const addTo = (local: number, amount: number[]) => [...get(local), ...amount, OP.i32Add, ...set(local)];

/** for (counter = 0; counter < limit; counter += step) { body } */
const stepLoop = (counter: number, limit: number, step: number, body: number[]) => [
  ...i32(0), ...set(counter),
  OP.block, TYPE.void, OP.loop, TYPE.void,
  ...get(counter), ...get(limit), OP.i32GeU, OP.brIf, 1,
  ...body,
  ...addTo(counter, i32(step)),
  OP.br, 0, OP.end, OP.end,
];

/** Address of C's tile row i: CP + i·cRowBytes. */
const cRow = (i: number) => [...get(CP), ...i32(i), ...get(C_ROW), I32_MUL, OP.i32Add];

function body(rowsPerTile: 1 | 4, fma: boolean): number[] {
  const load: number[] = [];
  const zero: number[] = [];
  const store: number[] = [];
  const rowAddresses: number[] = [];
  for (let i = 0; i < rowsPerTile; i++) {
    for (let j = 0; j < 2; j++) {
      load.push(...cRow(i), ...simd(SIMD.load), ...memarg(16 * j), ...set(S(i, j)));
      zero.push(...simd(SIMD.const), ...Array(16).fill(0), ...set(S(i, j)));
      store.push(...cRow(i), ...get(S(i, j)), ...simd(SIMD.store), ...memarg(16 * j));
    }
    // AP(i) = a + (r + i)·aRowBytes
    rowAddresses.push(...get(A), ...get(R), ...i32(i), OP.i32Add, ...get(A_ROW), I32_MUL, OP.i32Add, ...set(AP(i)));
  }
  const step: number[] = [
    ...get(BP), ...simd(SIMD.load), ...memarg(0), ...set(B0),
    ...get(BP), ...simd(SIMD.load), ...memarg(16), ...set(B1),
  ];
  for (let i = 0; i < rowsPerTile; i++) {
    step.push(...get(AP(i)), ...simd(SIMD.load32Splat), ...memarg(0), ...set(SPLAT));
    step.push(...multiplyAdd(get(SPLAT), get(B0), get(S(i, 0)), fma), ...set(S(i, 0)));
    step.push(...multiplyAdd(get(SPLAT), get(B1), get(S(i, 1)), fma), ...set(S(i, 1)));
    step.push(...addTo(AP(i), i32(4)));
  }
  step.push(...addTo(BP, get(B_ROW)));
  const code = [
    ...stepLoop(O, OCTETS, 1, [
      ...stepLoop(R, ROWS, rowsPerTile, [
        // CP = c + r·cRowBytes + 32o; BP = b + 32o
        ...get(C), ...get(R), ...get(C_ROW), I32_MUL, OP.i32Add, ...get(O), ...i32(32), I32_MUL, OP.i32Add, ...set(CP),
        ...get(B), ...get(O), ...i32(32), I32_MUL, OP.i32Add, ...set(BP),
        ...rowAddresses,
        ...get(ACCUMULATE), IF, TYPE.void, ...load, ELSE, ...zero, OP.end,
        ...get(DEPTH), ...set(K),
        // do { step } while (--k): the caller passes depth ≥ 1
        OP.loop, TYPE.void,
        ...step,
        ...get(K), ...i32(1), I32_SUB, ...set(K),
        ...i32(0), ...get(K), I32_LT_U, OP.brIf, 0,
        OP.end,
        ...store,
      ]),
    ]),
    OP.end,
  ];
  return functionBodyOf([[I32_LOCALS, TYPE.i32], [V128_LOCALS, TYPE.v128]], code);
}

/** The module for tiles of four rows (or one, for the rows left over), with fused multiply-adds or not. */
export const gemmBytes = (rowsPerTile: 1 | 4, fma: boolean) => (shared: boolean) =>
  assembleModule(shared, Array(PARAMS).fill(TYPE.i32) as number[], body(rowsPerTile, fma));

export type SimdGemm = (
  a: number, b: number, c: number, rows: number, octets: number, depth: number,
  aRowBytes: number, bRowBytes: number, cRowBytes: number, accumulate: 0 | 1,
) => void;
