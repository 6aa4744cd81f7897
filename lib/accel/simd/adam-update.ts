/**
 * The `Tf1AdamUpdate` loop as a tiny WebAssembly SIMD function that runs on the `wasm` backend's
 * own memory, so that chapter 4 and 5's 3.2-million-weight update is one memory-bound pass.
 *
 * In JavaScript every float32 operation is a double operation plus `Math.fround`: ~17 ns per
 * weight, ~55 ms per step for chapter 5. WebAssembly has float32 arithmetic (IEEE-754, round to
 * nearest even, no flush to zero), four lanes at a time: the same bits, ~10× faster.
 *
 * The module is assembled here from a readable instruction list (no toolchain, no binary blob,
 * ./assembler) and imports the backend's `WebAssembly.Memory` (shared for the threaded build).
 */
import { functionBodyOf, get, i32, i32Kernel, OP, set, TYPE } from './assembler';

// Parameters: byte offsets of w, g, m, v, w', m', v'; the element count; the bits of α, 1−β1,
// 1−β2, ε as i32 (so that a worker pool, which passes i32 arguments, can call it: ../pool/simd-pool).
const [W, G, M, V, OUT_W, OUT_M, OUT_V, N, ALPHA_BITS, C1_BITS, C2_BITS, EPS_BITS] = [
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
];
// Locals: the running byte offset and the end of the four-lane part; splatted constants; loads and
// results, as vectors and as scalars for the tail; the four scalars as f32.
const [AT, END] = [12, 13];
const [ALPHA4, C14, C24, EPS4, G4, M4, V4, NEW_M4, NEW_V4] = [14, 15, 16, 17, 18, 19, 20, 21, 22];
const [G1, M1, V1, NEW_M1, NEW_V1] = [23, 24, 25, 26, 27];
const [ALPHA, C1, C2, EPS] = [28, 29, 30, 31];

/** memarg: alignment hint 2^2 (float arrays are 4-byte aligned), offset 0. */
const MEMARG = [2, 0];
const address = (base: number) => [...get(base), ...get(AT), ...OP.i32Add];

/** One element group: `load` reads a lane group, `ops` are the lane-wise instructions. */
function update(lanes: 4 | 1): number[] {
  const load = lanes === 4 ? [...OP.v128Load, ...MEMARG] : [...OP.f32Load, ...MEMARG];
  const store = lanes === 4 ? [...OP.v128Store, ...MEMARG] : [...OP.f32Store, ...MEMARG];
  const op = (name: 'Add' | 'Sub' | 'Mul' | 'Div' | 'Sqrt') => (lanes === 4 ? OP[`f32x4${name}`] : OP[`f32${name}`]);
  const [g, m, v, newM, newV] = lanes === 4 ? [G4, M4, V4, NEW_M4, NEW_V4] : [G1, M1, V1, NEW_M1, NEW_V1];
  const [alpha, c1, c2, eps] = lanes === 4 ? [ALPHA4, C14, C24, EPS4] : [ALPHA, C1, C2, EPS];
  return [
    ...address(G),
    ...load,
    ...set(g),
    ...address(M),
    ...load,
    ...set(m),
    ...address(V),
    ...load,
    ...set(v),
    // m' = m + (g − m)·(1−β1)
    ...get(m),
    ...get(g),
    ...get(m),
    ...op('Sub'),
    ...get(c1),
    ...op('Mul'),
    ...op('Add'),
    ...set(newM),
    // v' = v + (g·g − v)·(1−β2)
    ...get(v),
    ...get(g),
    ...get(g),
    ...op('Mul'),
    ...get(v),
    ...op('Sub'),
    ...get(c2),
    ...op('Mul'),
    ...op('Add'),
    ...set(newV),
    ...address(OUT_M),
    ...get(newM),
    ...store,
    ...address(OUT_V),
    ...get(newV),
    ...store,
    // w' = w − (m'·α) / (√v' + ε)
    ...address(OUT_W),
    ...address(W),
    ...load,
    ...get(newM),
    ...get(alpha),
    ...op('Mul'),
    ...get(newV),
    ...op('Sqrt'),
    ...get(eps),
    ...op('Add'),
    ...op('Div'),
    ...op('Sub'),
    ...store,
    // next group
    ...get(AT),
    ...i32(4 * lanes),
    ...OP.i32Add,
    ...set(AT),
  ];
}

/** `for (; at < end; ) body; br 0` inside a block that the exit test leaves. */
const whileBelow = (end: number[], body: number[]) => [
  ...OP.block,
  TYPE.void,
  ...OP.loop,
  TYPE.void,
  ...get(AT),
  ...end,
  ...OP.i32GeU,
  ...OP.brIf,
  1,
  ...body,
  ...OP.br,
  0,
  ...OP.end,
  ...OP.end,
];

function functionBody(): number[] {
  const splat = (from: number, to: number) => [...get(from), ...OP.f32x4Splat, ...set(to)];
  const scalar = (bits: number, to: number) => [...get(bits), ...OP.f32ReinterpretI32, ...set(to)];
  const code = [
    ...scalar(ALPHA_BITS, ALPHA),
    ...scalar(C1_BITS, C1),
    ...scalar(C2_BITS, C2),
    ...scalar(EPS_BITS, EPS),
    ...splat(ALPHA, ALPHA4),
    ...splat(C1, C14),
    ...splat(C2, C24),
    ...splat(EPS, EPS4),
    // end = (n & ~3) · 4 bytes
    ...get(N),
    ...i32(-4),
    ...OP.i32And,
    ...i32(2),
    ...OP.i32Shl,
    ...set(END),
    ...whileBelow(get(END), update(4)),
    ...whileBelow([...get(N), ...i32(2), ...OP.i32Shl], update(1)),
    ...OP.end,
  ];
  return functionBodyOf(
    [
      [2, TYPE.i32],
      [9, TYPE.v128],
      [9, TYPE.f32],
    ],
    code,
  );
}

/** The update's module; its twelve parameters are i32. */
export const adamUpdateBytes = i32Kernel(12, functionBody);

const bitsView = new DataView(new ArrayBuffer(4));

/** The bits of a float32 as an i32, for the update's scalar parameters. */
export function float32Bits(value: number): number {
  bitsView.setFloat32(0, value);
  return bitsView.getInt32(0);
}
