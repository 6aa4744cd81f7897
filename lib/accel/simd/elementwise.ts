/**
 * Element-wise float32 operations as WebAssembly SIMD on the wasm backend's memory, four lanes at a
 * time: the stock kernels run them on one thread (and broadcast a bias through a general index
 * loop). One call, for `rows` rows of `rowFloats` floats (a multiple of 4):
 *
 *   out[r·outRowBytes + 4j] = a[r·aRowBytes + 4j] ∘ b[r·bRowBytes + 4j]
 *
 * so a bias [n] added to [m, n] is rows of n with bRowBytes 0, and a same-shape operation one run
 * of rows. Each lane is one IEEE float32 operation, so results are the cpu backend's bit for bit
 * and do not depend on how callers split rows.
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

/** The operations, each as the instructions that turn v128 locals a and b into the result. */
export const ELEMENTWISE = {
  add: (a: number[], b: number[]) => [...a, ...b, ...OP.f32x4Add],
  sub: (a: number[], b: number[]) => [...a, ...b, ...OP.f32x4Sub],
  mul: (a: number[], b: number[]) => [...a, ...b, ...OP.f32x4Mul],
  div: (a: number[], b: number[]) => [...a, ...b, ...OP.f32x4Div],
  /** max(a, 0), as the cpu backend's Math.max(0, a): NaN stays NaN, −0 becomes +0. */
  relu: (a: number[]) => [...a, ...zeroV128(), ...OP.f32x4Max],
  /** max(a + b, 0): a bias and the relu after it in one pass (FusedConv2D). */
  addRelu: (a: number[], b: number[]) => [...a, ...b, ...OP.f32x4Add, ...zeroV128(), ...OP.f32x4Max],
  /** a > 0 ? 1 : 0, and NaN for NaN (tfjs's step with alpha 0): a where a ≠ a, else 1 & (a > 0). */
  step: (a: number[]) => [
    ...a,
    ...ONES,
    ...a,
    ...zeroV128(),
    ...OP.f32x4Gt,
    ...OP.v128And,
    ...a,
    ...a,
    ...OP.f32x4Ne,
    ...OP.v128Bitselect,
  ],
} satisfies Record<string, (a: number[], b: number[]) => number[]>;

export type ElementwiseOp = keyof typeof ELEMENTWISE;

/** v128.const of four float32 ones (0x3f800000). */
const ONES = [...OP.v128Const, ...Array.from({ length: 4 }, () => [0x00, 0x00, 0x80, 0x3f]).flat()];

// Parameters (i32).
const [A, B, OUT, ROWS, ROW_FLOATS, A_ROW, B_ROW, OUT_ROW] = [0, 1, 2, 3, 4, 5, 6, 7];
// i32 locals: the row counter, the running a, b and out addresses, the row's out end.
const [R, AP, BP, OP_, END] = [8, 9, 10, 11, 12];
// v128 locals: the a and b lanes.
const [VA, VB] = [13, 14];

function body(op: ElementwiseOp): number[] {
  const lanes = [
    ...get(AP),
    ...OP.v128Load,
    ...memarg(0),
    ...set(VA),
    ...get(BP),
    ...OP.v128Load,
    ...memarg(0),
    ...set(VB),
    ...get(OP_),
    ...ELEMENTWISE[op](get(VA), get(VB)),
    ...OP.v128Store,
    ...memarg(0),
    ...addTo(AP, i32(16)),
    ...addTo(BP, i32(16)),
    ...addTo(OP_, i32(16)),
  ];
  const code = [
    ...forLoop(R, ROWS, [
      ...scaled(get(A), get(R), get(A_ROW)),
      ...set(AP),
      ...scaled(get(B), get(R), get(B_ROW)),
      ...set(BP),
      ...scaled(get(OUT), get(R), get(OUT_ROW)),
      ...set(OP_),
      ...scaled(get(OP_), get(ROW_FLOATS), i32(4)),
      ...set(END),
      // do { … } while (out < end): the caller passes rowFloats ≥ 4
      ...doWhile(lanes, [...get(OP_), ...get(END), ...OP.i32LtU]),
    ]),
    ...OP.end,
  ];
  return functionBodyOf(
    [
      [5, TYPE.i32],
      [2, TYPE.v128],
    ],
    code,
  );
}

/** The module of one operation (unary operations ignore b, which must still be a readable address). */
export const elementwiseBytes = (op: ElementwiseOp) => i32Kernel(8, () => body(op));
