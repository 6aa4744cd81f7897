/**
 * The one table of SIMD kernels the routes run on the pool, and the one pool per wasm backend
 * memory that holds them (./simd-pool).
 *
 * Every module of ../simd is listed here once, by name; a route names its kernel with
 * `POOL_KERNEL.<name>`, the kernel's index in this table. A module that does not compile on this
 * engine is reported once, in one line, with the route taken instead: without fused multiply-adds
 * the multiply-then-add kernels, without WebAssembly SIMD at all tfjs's own kernels and the
 * JavaScript loops (several times slower).
 */
import type { TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { accelOptions } from '../options';
import { adamUpdateBytes } from '../simd/adam-update';
import type { KernelBytes } from '../simd/assembler';
import { columnSumBytes } from '../simd/column-sum';
import { convOneChannelBytes } from '../simd/conv-one-channel';
import { clearBytes, copyRowsBytes } from '../simd/copy-rows';
import { elementwiseBytes } from '../simd/elementwise';
import { dotTransposedBytes } from '../simd/dot-transposed';
import { filterTileBytes } from '../simd/filter-tile';
import { fusedMultiplyAddAvailable } from '../simd/fma';
import { gemmBytes } from '../simd/gemm';
import { maxPool2x2Bytes } from '../simd/max-pool';
import { CallList, isShared, SimdPool, splitEvenly } from './simd-pool';

type ModuleOf = (fma: boolean) => KernelBytes;

/** Every kernel the pool holds, by name: its module, with fused multiply-adds or not. */
const POOL_MODULES = {
  /** ../simd/filter-tile: acc[4g+i, 8o+j] += Σ x·dy over a rectangle of pixels… */
  filterTile: (fma) => filterTileBytes(fma, true),
  /** …storing acc = Σ x·dy instead (no clearing needed). */
  filterTileOverwrite: (fma) => filterTileBytes(fma, false),
  /** ../simd/gemm: C += A·B in tiles of four rows × eight columns… */
  gemmQuads: (fma) => gemmBytes(4, fma),
  /** …of two rows (for two or three rows left over)… */
  gemmPairs: (fma) => gemmBytes(2, fma),
  /** …and of one row (the row left over). */
  gemmRows: (fma) => gemmBytes(1, fma),
  /** ../simd/dot-transposed: C = A·Bᵀ in tiles of two rows of A… */
  dotPairs: (fma) => dotTransposedBytes(2, fma),
  /** …and of one row (an odd last row). */
  dotRows: (fma) => dotTransposedBytes(1, fma),
  /** ../simd/column-sum: float64 column sums. */
  columnSum: () => columnSumBytes,
  /** ../simd/adam-update: TF 1.x's Adam update over a range of weights. */
  adamUpdate: () => adamUpdateBytes,
  /** ../simd/max-pool: the 2×2/2 max pool over rows of windows… */
  maxPool2x2: () => maxPool2x2Bytes(false),
  /** …and its gradient. */
  maxPoolGrad2x2: () => maxPool2x2Bytes(true),
  /** ../simd/copy-rows: a strided copy of rows of sixteen-byte groups. */
  copyRows: () => copyRowsBytes,
  /** …and zeros over a range of bytes. */
  clear: () => clearBytes,
  /** ../simd/conv-one-channel: a one-channel image's stride-1 convolution plus bias… */
  convOneChannel: (fma) => convOneChannelBytes(false, fma),
  /** …and with the relu after it. */
  convOneChannelRelu: (fma) => convOneChannelBytes(true, fma),
  /** ../simd/elementwise: a ∘ b over rows of floats, one kernel per operation. */
  elementwise_add: () => elementwiseBytes('add'),
  elementwise_sub: () => elementwiseBytes('sub'),
  elementwise_mul: () => elementwiseBytes('mul'),
  elementwise_div: () => elementwiseBytes('div'),
  elementwise_relu: () => elementwiseBytes('relu'),
  elementwise_addRelu: () => elementwiseBytes('addRelu'),
  elementwise_step: () => elementwiseBytes('step'),
} satisfies Record<string, ModuleOf>;

export type PoolKernelName = keyof typeof POOL_MODULES;
const NAMES = Object.keys(POOL_MODULES) as PoolKernelName[];
/** Each kernel's index in the pool, for CallList.push. */
export const POOL_KERNEL = Object.fromEntries(NAMES.map((name, index) => [name, index])) as Record<
  PoolKernelName,
  number
>;

/** Says why a module did not compile and what runs instead; once per process (see `reported`). */
export type Report = (line: string) => void;
const reported = new Set<string>();
const warnOnce: Report = (line) => {
  if (reported.has(line)) return;
  reported.add(line);
  console.warn(line);
};

const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0]!;

/**
 * The table's modules compiled for a memory that is `shared` or not, with fused multiply-adds
 * where `fma` says so; if one does not compile, the multiply-then-add modules, and null if those
 * do not compile either. Each failure is reported once.
 */
export function compileKernels(
  shared: boolean,
  fma: boolean,
  report: Report = warnOnce,
  table: Record<string, (fma: boolean) => KernelBytes> = POOL_MODULES,
): WebAssembly.Module[] | null {
  const names = Object.keys(table);
  let at = 0;
  try {
    const modules: WebAssembly.Module[] = [];
    for (; at < names.length; at++) modules.push(new WebAssembly.Module(table[names[at]!]!(fma)(shared)));
    return modules;
  } catch (error) {
    const why = `the SIMD kernel '${names[at]}' does not compile on this engine (${firstLine(error)})`;
    if (fma) {
      report(`accel: ${why}; the kernels without fused multiply-adds run instead.`);
      return compileKernels(shared, false, report, table);
    }
    report(
      `accel: ${why}; the wasm backend runs tfjs's own kernels and JavaScript loops instead, several times slower.`,
    );
    return null;
  }
}

/** The backend's memory: `wasmMemory` in the threaded build, `asm.memory` in tfjs's single-threaded one. */
export function wasmMemoryOf(backend: BackendWasm): WebAssembly.Memory {
  // Emscripten's names, which tfjs's module types do not declare.
  const asm: unknown = Reflect.get(backend.wasm, 'asm');
  const memory: unknown = Reflect.get(backend.wasm, 'wasmMemory') ?? (asm ? Reflect.get(asm, 'memory') : undefined);
  if (!(memory instanceof WebAssembly.Memory)) throw new Error('the wasm backend exposes no WebAssembly.Memory');
  return memory;
}

/** Threads in the backend's XNNPACK pool (1 in tfjs's single-threaded build). */
export const threadsOf = (backend: BackendWasm): number => backend.wasm.tfjs.getThreadsCount();

const pools = new WeakMap<WebAssembly.Memory, Map<boolean, SimdPool | null>>();

/**
 * The pool on `backend`'s memory: one worker per extra thread of the backend's XNNPACK pool (the
 * cores the user gave the backend), none without shared memory. Null where this engine cannot
 * compile the kernels (reported once).
 */
export function simdPoolOf(backend: BackendWasm): SimdPool | null {
  const memory = wasmMemoryOf(backend);
  const fma = fusedMultiplyAddAvailable();
  let byKind = pools.get(memory);
  if (!byKind) {
    byKind = new Map();
    pools.set(memory, byKind);
  }
  if (!byKind.has(fma)) {
    const modules = compileKernels(isShared(memory), fma);
    byKind.set(fma, modules && new SimdPool(memory, modules, threadsOf(backend) - 1));
  }
  return byKind.get(fma)!;
}

/**
 * Chunks per thread: enough that a thread the operating system sets aside for a moment leaves its
 * share to the others, few enough that each chunk's calls stay long.
 */
const CHUNKS_PER_THREAD = 4;

/** How many chunks runSplit cuts `items` into on `pool` (for callers that keep scratch per chunk). */
export function chunksFor(pool: SimdPool, items: number): number {
  if (pool.threads === 1 || !accelOptions.poolWorkers) return 1;
  return Math.max(1, Math.min(pool.threads * (accelOptions.routes.poolChunks ? CHUNKS_PER_THREAD : 1), items));
}

/**
 * Cuts `items` (0 … items−1) into chunksFor(pool, items) contiguous ranges, lets `fill` append each
 * range's calls to its chunk (numbered 0, 1, …: a chunk may own scratch memory by its number), and
 * runs the chunks on the pool's threads (with accelOptions.poolWorkers off, as one chunk on this
 * thread: what a one-thread pool computes). The ranges must lead to disjoint writes, so that the
 * results do not depend on where the chunks' boundaries fall.
 *
 * `threaded` false runs all items as one chunk here: for work too small to pay for a second
 * thread, which on a busy machine may be set aside by the OS while this one waits for it.
 */
export function runSplit(
  pool: SimdPool,
  items: number,
  fill: (chunk: CallList, from: number, to: number, index: number) => void,
  threaded = true,
): void {
  const count = threaded ? chunksFor(pool, items) : 1;
  const bounds = splitEvenly(items, count);
  if (filling) throw new Error('runSplit was called from inside another runSplit’s fill');
  while (spareLists.length < count) spareLists.push(new CallList());
  const chunks = spareLists.slice(0, count);
  filling = true;
  try {
    chunks.forEach((chunk, c) => {
      chunk.clear();
      fill(chunk, bounds[c]!, bounds[c + 1]!, c);
    });
  } finally {
    filling = false;
  }
  pool.run(chunks, accelOptions.poolWorkers);
}

/**
 * The call lists runSplit fills, kept from run to run (runs never nest: a pool run is synchronous
 * and `fill` only appends calls); new lists per run were a steady source of garbage.
 */
const spareLists: CallList[] = [];
let filling = false;

/** A new float32 output of `shape`, cleared by the pool's memory.fill on this thread. */
export function clearedOutput(backend: BackendWasm, pool: SimdPool, shape: number[]): TensorInfo {
  const out = backend.makeOutput(shape, 'float32');
  const bytes = 4 * shape.reduce((p, q) => p * q, 1);
  runSplit(pool, 1, (part) => part.push(POOL_KERNEL.clear, backend.getMemoryOffset(out.dataId), bytes));
  return out;
}
