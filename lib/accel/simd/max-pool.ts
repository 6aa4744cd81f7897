/**
 * The 2×2, stride-2 max pool and its gradient as WebAssembly SIMD on the wasm backend's memory,
 * four channels at a time, without branches: in JavaScript the gradient's data-dependent
 * comparisons mispredict and the loop took ~13 ns per input element (~25 ms of a chapter 5 step);
 * the stock pooling runs on one thread.
 *
 * The pool is the running maximum m = pmax(pmax(pmax(pmax(−∞, x00), x01), x10), x11), where
 * pmax(a, b) = a < b ? b : a is exactly the cpu backend's `if (v > best) best = v`: NaNs never
 * win, and an all-NaN window gives −∞.
 *
 * The gradient routes as the JavaScript loop (and the cpu backend): each dy goes to the first cell, in
 * row-major order, that equals the running maximum m = pmax(pmax(pmax(pmax(−∞, x00), x01), x10),
 * x11), where pmax(a, b) = a < b ? b : a is exactly `if (v > best) best = v`; NaNs never win, and a
 * window whose maximum stays −∞ routes nothing. Every other cell gets +0.
 *
 * Needs even input sides (every cell in exactly one window) and channels a multiple of 4; the
 * caller keeps the JavaScript loop for other shapes.
 */
import { addTo, forLoop, functionBodyOf, get, i32, i32Kernel, OP, set, TYPE, zeroV128 } from './assembler';

// Parameters: byte offsets of x, dy (the pooled output y, forward), dx (unused forward); window
// rows (batch·outHeight); windows per row; groups of
// four channels; bytes per input row; bytes per input cell (channels·4).
const [X, DY, DX, ROWS, COLS, GROUPS, ROW_BYTES, CELL_BYTES] = [0, 1, 2, 3, 4, 5, 6, 7];
// i32 locals: counters r, k, j; the current cell's byte offset o (same in x and dx) and its
// window row's; dy's running address.
const [R, K, J, O, ROW_O, DYP] = [8, 9, 10, 11, 12, 13];
// v128 locals: −∞, the maximum, "a maximum exists", cells already routed, a cell's mask, dy.
const [NEG_INF, MAX, VALID, TAKEN, MASK, G] = [14, 15, 16, 17, 18, 19];

const MEMARG = [2, 0];

/** Address base + o + delta, where delta is the sum of the named locals (the cell's place in its window). */
const cellAddress = (base: number, delta: number[]) => [
  ...get(base),
  ...get(O),
  ...OP.i32Add,
  ...delta.flatMap((d) => [...get(d), ...OP.i32Add]),
];
const CELLS: number[][] = [[], [CELL_BYTES], [ROW_BYTES], [ROW_BYTES, CELL_BYTES]];

const load = [...OP.v128Load, ...MEMARG];
const store = [...OP.v128Store, ...MEMARG];

function windowGroup(gradient: boolean): number[] {
  const code: number[] = [];
  // m = pmax(…pmax(−∞, x00)…, x11)
  code.push(...get(NEG_INF));
  for (const delta of CELLS) code.push(...cellAddress(X, delta), ...load, ...OP.f32x4Pmax);
  code.push(...set(MAX));
  if (!gradient) {
    code.push(...get(DYP), ...get(MAX), ...store, ...addTo(O, i32(16)), ...addTo(DYP, i32(16)));
    return code;
  }
  code.push(...get(MAX), ...get(NEG_INF), ...OP.f32x4Gt, ...set(VALID));
  code.push(...zeroV128(), ...set(TAKEN));
  code.push(...get(DYP), ...load, ...set(G));
  for (const delta of CELLS) {
    // mask = (x == m) & valid & ~taken; taken |= mask; dx = mask & dy
    code.push(
      ...cellAddress(X, delta),
      ...load,
      ...get(MAX),
      ...OP.f32x4Eq,
      ...get(VALID),
      ...OP.v128And,
      ...get(TAKEN),
      ...OP.v128AndNot,
      ...set(MASK),
      ...get(TAKEN),
      ...get(MASK),
      ...OP.v128Or,
      ...set(TAKEN),
      ...cellAddress(DX, delta),
      ...get(MASK),
      ...get(G),
      ...OP.v128And,
      ...store,
    );
  }
  code.push(...addTo(O, i32(16)), ...addTo(DYP, i32(16)));
  return code;
}

function body(gradient: boolean): number[] {
  const negInf = [...OP.f32Const, 0x00, 0x00, 0x80, 0xff, ...OP.f32x4Splat, ...set(NEG_INF)];
  const code = [
    ...negInf,
    ...i32(0),
    ...set(ROW_O),
    ...get(DY),
    ...set(DYP),
    ...forLoop(R, ROWS, [
      ...get(ROW_O),
      ...set(O),
      ...forLoop(K, COLS, [
        ...forLoop(J, GROUPS, windowGroup(gradient)),
        // past this window's second column, to the next window
        ...addTo(O, get(CELL_BYTES)),
      ]),
      // two input rows per window row
      ...addTo(ROW_O, [...get(ROW_BYTES), ...get(ROW_BYTES), ...OP.i32Add]),
    ]),
    ...OP.end,
  ];
  return functionBodyOf(
    [
      [6, TYPE.i32],
      [6, TYPE.v128],
    ],
    code,
  );
}

/** The pool's module, or its gradient's. */
export const maxPool2x2Bytes = (gradient: boolean) => i32Kernel(8, () => body(gradient));
