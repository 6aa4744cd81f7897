/**
 * A tiny WebAssembly assembler: the one table of opcodes every kernel module uses, LEB128 numbers,
 * local and loop helpers, and a module wrapper for one exported function on an imported memory.
 * The SIMD kernels of this folder are written as readable instruction lists with it (no toolchain,
 * no binary blob).
 */

export function uleb(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}

export function sleb(value: number): number[] {
  const bytes: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) {
      bytes.push(byte);
      return bytes;
    }
    bytes.push(byte | 0x80);
  }
}

/** A SIMD instruction: the 0xfd prefix and its LEB128 sub-opcode. */
const simd = (op: number) => [0xfd, ...uleb(op)];

/**
 * Every instruction the kernels use, as its encoding (names are the text format's, camel-cased:
 * `f32x4.relaxed_madd` is `f32x4RelaxedMadd`). Loads and stores take a `memarg` after them.
 */
export const OP = {
  block: [0x02],
  loop: [0x03],
  end: [0x0b],
  br: [0x0c],
  brIf: [0x0d],
  drop: [0x1a],
  select: [0x1b],
  localGet: [0x20],
  localSet: [0x21],
  localTee: [0x22],
  f32Load: [0x2a],
  f32Store: [0x38],
  i32Const: [0x41],
  f32Const: [0x43],
  i32Eqz: [0x45],
  i32LtU: [0x49],
  i32GeU: [0x4f],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Mul: [0x6c],
  i32And: [0x71],
  i32Shl: [0x74],
  f32Sqrt: [0x91],
  f32Add: [0x92],
  f32Sub: [0x93],
  f32Mul: [0x94],
  f32Div: [0x95],
  f32Max: [0x97],
  f32ReinterpretI32: [0xbe],
  v128Load: simd(0x00),
  v128Load32Splat: simd(0x09),
  v128Store: simd(0x0b),
  v128Const: simd(0x0c),
  i8x16Shuffle: simd(0x0d),
  f32x4Splat: simd(0x13),
  f32x4ExtractLane: simd(0x1f),
  f32x4Eq: simd(0x41),
  f32x4Ne: simd(0x42),
  f32x4Gt: simd(0x44),
  v128And: simd(0x4e),
  v128AndNot: simd(0x4f),
  v128Or: simd(0x50),
  v128Bitselect: simd(0x52),
  f64x2PromoteLowF32x4: simd(0x5f),
  f32x4Sqrt: simd(0xe3),
  f32x4Add: simd(0xe4),
  f32x4Sub: simd(0xe5),
  f32x4Mul: simd(0xe6),
  f32x4Div: simd(0xe7),
  f32x4Max: simd(0xe9),
  f32x4Pmax: simd(0xeb),
  f64x2Add: simd(0xf0),
  f32x4RelaxedMadd: simd(0x105),
  /** memory.fill on memory 0 (bulk memory, 0xfc-prefixed). */
  memoryFill: [0xfc, 0x0b, 0x00],
} as const satisfies Record<string, readonly number[]>;

/** Value and block types. */
export const TYPE = { i32: 0x7f, f32: 0x7d, v128: 0x7b, func: 0x60, void: 0x40 } as const;

const name = (text: string) => [...uleb(text.length), ...Buffer.from(text, 'utf8')];
const vector = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];

export const get = (local: number) => [...OP.localGet, ...uleb(local)];
export const set = (local: number) => [...OP.localSet, ...uleb(local)];
/** memarg: alignment hint 2^2 (float arrays are 4-byte aligned) and a byte offset. */
export const memarg = (offset: number) => [2, ...uleb(offset)];
export const i32 = (value: number) => [...OP.i32Const, ...sleb(value)];
/** A v128 of sixteen zero bytes. */
export const zeroV128 = () => [...OP.v128Const, ...Array<number>(16).fill(0)];
/** local += amount */
export const addTo = (local: number, amount: number[]) => [...get(local), ...amount, ...OP.i32Add, ...set(local)];
/** base + index·scale (i32 instructions that leave one address). */
export const scaled = (base: number[], index: number[], scale: number[]) => [
  ...base,
  ...index,
  ...scale,
  ...OP.i32Mul,
  ...OP.i32Add,
];

/** for (counter = 0; counter < limit; counter += step) { body } */
export const stepLoop = (counter: number, limit: number, step: number, body: number[]) => [
  ...i32(0),
  ...set(counter),
  ...OP.block,
  TYPE.void,
  ...OP.loop,
  TYPE.void,
  ...get(counter),
  ...get(limit),
  ...OP.i32GeU,
  ...OP.brIf,
  1,
  ...body,
  ...addTo(counter, i32(step)),
  ...OP.br,
  0,
  ...OP.end,
  ...OP.end,
];

/** for (counter = 0; counter < limit; counter++) { body } */
export const forLoop = (counter: number, limit: number, body: number[]) => stepLoop(counter, limit, 1, body);

/** do { body } while (condition), where `condition` leaves an i32; for loops that run at least once. */
export const doWhile = (body: number[], condition: number[]) => [
  ...OP.loop,
  TYPE.void,
  ...body,
  ...condition,
  ...OP.brIf,
  0,
  ...OP.end,
];

/** A function body: local declarations (count, type) and code, prefixed with its size. */
export function functionBodyOf(locals: [number, number][], code: number[]): number[] {
  const body = [...vector(locals.map(([count, type]) => [...uleb(count), type])), ...code];
  return [...uleb(body.length), ...body];
}

/**
 * A module that imports `env.memory` (shared or not) and exports one function, `update`, with
 * `params` (value types) and no results, whose body (locals and code) is `body`.
 */
export function assembleModule(shared: boolean, params: number[], body: number[]): Uint8Array<ArrayBuffer> {
  const type = [TYPE.func, ...uleb(params.length), ...params, 0];
  // Memory limits: flags 1 = has maximum, 3 = shared with maximum; min 0, max 65536 pages (4 GiB).
  const memory = [0x02, shared ? 0x03 : 0x01, 0, ...uleb(65536)];
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vector([type])),
    ...section(2, vector([[...name('env'), ...name('memory'), ...memory]])),
    ...section(3, vector([[0]])),
    ...section(7, vector([[...name('update'), 0x00, 0]])),
    ...section(10, vector([body])),
  ]);
}

/** Builds a module that imports `env.memory` (shared or not) and exports `update(i32…)`. */
export type KernelBytes = (shared: boolean) => Uint8Array<ArrayBuffer>;

/** The module of a kernel with `params` i32 parameters and the given body. */
export const i32Kernel =
  (params: number, body: () => number[]): KernelBytes =>
  (shared) =>
    assembleModule(shared, Array<number>(params).fill(TYPE.i32), body());
