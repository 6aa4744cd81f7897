/**
 * A tiny WebAssembly assembler: opcodes, LEB128 numbers, local and loop helpers, and a module
 * wrapper for one exported function on an imported memory. The SIMD kernels of ./tf1-adam-simd
 * and ../wasm are written as readable instruction lists with it (no toolchain, no binary blob).
 */

/** Instruction opcodes used by the kernels (WebAssembly core and SIMD, 0xfd-prefixed). */
export const OP = {
  block: 0x02,
  loop: 0x03,
  br: 0x0c,
  brIf: 0x0d,
  end: 0x0b,
  localGet: 0x20,
  localSet: 0x21,
  i32Const: 0x41,
  i32GeU: 0x4f,
  i32Add: 0x6a,
  i32And: 0x71,
  i32Shl: 0x74,
  f32Load: 0x2a,
  f32Store: 0x38,
  f32Sqrt: 0x91,
  f32Add: 0x92,
  f32Sub: 0x93,
  f32Mul: 0x94,
  f32Div: 0x95,
} as const;
export const TYPE = { i32: 0x7f, f32: 0x7d, v128: 0x7b, func: 0x60, void: 0x40 } as const;

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

const name = (text: string) => [...uleb(text.length), ...Buffer.from(text, 'utf8')];
const vector = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];

export const get = (local: number) => [OP.localGet, ...uleb(local)];
export const set = (local: number) => [OP.localSet, ...uleb(local)];
/** A SIMD instruction (0xfd prefix). */
export const simd = (op: number) => [0xfd, ...uleb(op)];
/** memarg: alignment hint 2^2 (float arrays are 4-byte aligned) and a byte offset. */
export const memarg = (offset: number) => [2, ...uleb(offset)];
export const i32 = (value: number) => [OP.i32Const, ...sleb(value)];
/** local += amount */
export const addTo = (local: number, amount: number[]) => [...get(local), ...amount, OP.i32Add, ...set(local)];

/** for (counter = 0; counter < limit; counter += step) { body } */
export const stepLoop = (counter: number, limit: number, step: number, body: number[]) => [
  ...i32(0),
  ...set(counter),
  OP.block,
  TYPE.void,
  OP.loop,
  TYPE.void,
  ...get(counter),
  ...get(limit),
  OP.i32GeU,
  OP.brIf,
  1,
  ...body,
  ...addTo(counter, i32(step)),
  OP.br,
  0,
  OP.end,
  OP.end,
];

/** for (counter = 0; counter < limit; counter++) { body } */
export const forLoop = (counter: number, limit: number, body: number[]) => stepLoop(counter, limit, 1, body);

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

/**
 * Instantiates the module `bytes(shared)` on `memory` once per memory and returns its `update`
 * export, or null where this engine cannot compile it (no WebAssembly SIMD).
 */
export function instantiateOn<F>(
  cache: WeakMap<WebAssembly.Memory, F | null>,
  memory: WebAssembly.Memory,
  bytes: (shared: boolean) => Uint8Array<ArrayBuffer>,
): F | null {
  if (cache.has(memory)) return cache.get(memory)!;
  let update: F | null = null;
  try {
    const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes(shared)), { env: { memory } });
    update = instance.exports.update as F;
  } catch {
    update = null;
  }
  cache.set(memory, update);
  return update;
}
