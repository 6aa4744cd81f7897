/**
 * Column sums of a float32 matrix in float64, as WebAssembly SIMD on the wasm backend's memory: the
 * bias gradients of the convolution layers sum [N·H·W, C] over its rows (39200 rows of 32 for
 * chapter 5's first layer; ~5 ms a step as a JavaScript loop).
 *
 * One call adds, for `rows` rows and `groups` groups of four columns,
 *
 *   acc[acc + 32g + 8l] += x[x + r·rowBytes + 16g + 4l]   (acc float64, x float32)
 *
 * four floats at a time widened to two float64 pairs, rows in order: exactly the running float64
 * sum of the JavaScript loop, and independent of how callers split the columns.
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
} from './assembler';

// Parameters (i32).
const [X, ACC, ROWS, GROUPS, ROW_BYTES] = [0, 1, 2, 3, 4];
// i32 locals: the row counter, running x and acc addresses, the row's x end.
const [R, XP, AP, XEND] = [5, 6, 7, 8];
// v128 locals: four floats.
const V = 9;

/** Lanes 2, 3 of a f32x4 moved to lanes 0, 1. */
const HIGH_HALF = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];

/** acc[offset] += promote(lanes) */
const addPair = (lanes: number[], offset: number) => [
  ...get(AP),
  ...get(AP),
  ...OP.v128Load,
  ...memarg(offset),
  ...lanes,
  ...OP.f64x2PromoteLowF32x4,
  ...OP.f64x2Add,
  ...OP.v128Store,
  ...memarg(offset),
];

function body(): number[] {
  const code = [
    ...forLoop(R, ROWS, [
      // xp = x + r·rowBytes; xEnd = xp + 16·groups; ap = acc
      ...scaled(get(X), get(R), get(ROW_BYTES)),
      ...set(XP),
      ...scaled(get(XP), get(GROUPS), i32(16)),
      ...set(XEND),
      ...get(ACC),
      ...set(AP),
      // do { … } while (xp < xEnd): the caller passes groups ≥ 1
      ...doWhile(
        [
          ...get(XP),
          ...OP.v128Load,
          ...memarg(0),
          ...set(V),
          ...addPair(get(V), 0),
          ...addPair([...get(V), ...get(V), ...OP.i8x16Shuffle, ...HIGH_HALF], 16),
          ...addTo(XP, i32(16)),
          ...addTo(AP, i32(32)),
        ],
        [...get(XP), ...get(XEND), ...OP.i32LtU],
      ),
    ]),
    ...OP.end,
  ];
  return functionBodyOf(
    [
      [4, TYPE.i32],
      [1, TYPE.v128],
    ],
    code,
  );
}

export const columnSumBytes = i32Kernel(5, body);
