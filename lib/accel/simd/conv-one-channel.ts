/**
 * A stride-1 convolution of a one-channel image (the first layer of both networks) as WebAssembly
 * SIMD on the wasm backend's memory: XNNPACK's kernel for one input channel makes one short
 * product per output pixel and ran at ~16 GFLOP/s on two threads.
 *
 * One call computes an image's output rows from its zero-padded copy xp (rows xRowBytes apart):
 *
 *   y[r, c, co] = act(bias[co] + Σ_{i < kh, j < kw} xp[r + i, c + j] · w[i, j, co])
 *
 * in tiles of four neighbouring pixels of a row × eight output channels whose sums stay in eight
 * v128 registers over all kh·kw taps: per tap two loads of w, four broadcast loads of xp at fixed
 * offsets and eight multiply-adds. The last tile of a row is moved left to end at the row's end
 * (it recomputes, with the same sums, pixels the tile before it stored), so rows need ow ≥ 4.
 * Taps add in (i, j) order onto the bias, so results do not depend on how callers split images.
 * `act` is the identity, or max(·, 0) for the fused relu.
 */
import {
  addTo,
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
  zeroV128,
} from './assembler';
import { multiplyAdd } from './fma';

// Parameters (i32).
const [X, W, Y, ROWS, OW, KH, KW, X_ROW, OCTETS, CO_BYTES, BIAS] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const PARAMS = 11;
// i32 locals: row, column, clamped column, octet and tap counters; running xp and w addresses;
// the row's xp and y bases; the tile's y address; xRowBytes − 4·kw.
const [R, C, CC, O, I, J, XP, WP, XR, YR, YT, ROW_STEP] = [11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22];
const I32_LOCALS = 12;
// v128 locals: sums S[p][h] (pixel p, channel half h), w's two halves, a broadcast xp value.
const S = (p: number, h: number) => 23 + 2 * p + h;
const [W0, W1, SPLAT] = [31, 32, 33];
const V128_LOCALS = 11;

function body(relu: boolean, fma: boolean): number[] {
  const init: number[] = [];
  const tap: number[] = [
    ...get(WP),
    ...OP.v128Load,
    ...memarg(0),
    ...set(W0),
    ...get(WP),
    ...OP.v128Load,
    ...memarg(16),
    ...set(W1),
  ];
  const store: number[] = [];
  const activate = (v: number) => (relu ? [...get(v), ...zeroV128(), ...OP.f32x4Max] : get(v));
  for (let p = 0; p < 4; p++) {
    for (let h = 0; h < 2; h++) {
      init.push(...scaled(get(BIAS), get(O), i32(32)), ...OP.v128Load, ...memarg(16 * h), ...set(S(p, h)));
      store.push(...scaled(get(YT), i32(p), get(CO_BYTES)), ...activate(S(p, h)), ...OP.v128Store, ...memarg(16 * h));
    }
    tap.push(...get(XP), ...OP.v128Load32Splat, ...memarg(4 * p), ...set(SPLAT));
    tap.push(...multiplyAdd(get(SPLAT), get(W0), get(S(p, 0)), fma), ...set(S(p, 0)));
    tap.push(...multiplyAdd(get(SPLAT), get(W1), get(S(p, 1)), fma), ...set(S(p, 1)));
  }
  tap.push(...addTo(XP, i32(4)), ...addTo(WP, get(CO_BYTES)));
  const code = [
    ...get(X_ROW),
    ...get(KW),
    ...i32(4),
    ...OP.i32Mul,
    ...OP.i32Sub,
    ...set(ROW_STEP),
    ...forLoop(R, ROWS, [
      ...scaled(get(X), get(R), get(X_ROW)),
      ...set(XR),
      ...scaled(get(Y), get(R), [...get(OW), ...get(CO_BYTES), ...OP.i32Mul]),
      ...set(YR),
      ...stepLoop(C, OW, 4, [
        // cc = min(c, ow − 4)
        ...get(C),
        ...get(OW),
        ...i32(4),
        ...OP.i32Sub,
        ...get(C),
        ...get(OW),
        ...i32(4),
        ...OP.i32Sub,
        ...OP.i32LtU,
        ...OP.select,
        ...set(CC),
        ...forLoop(O, OCTETS, [
          ...init,
          ...scaled(get(XR), get(CC), i32(4)),
          ...set(XP),
          ...scaled(get(W), get(O), i32(32)),
          ...set(WP),
          ...forLoop(I, KH, [...forLoop(J, KW, tap), ...addTo(XP, get(ROW_STEP))]),
          // yt = yr + cc·coBytes + 32·o
          ...scaled(scaled(get(YR), get(CC), get(CO_BYTES)), get(O), i32(32)),
          ...set(YT),
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

/** The module, with the fused relu or not, with fused multiply-adds or not. */
export const convOneChannelBytes = (relu: boolean, fma: boolean) => i32Kernel(PARAMS, () => body(relu, fma));
