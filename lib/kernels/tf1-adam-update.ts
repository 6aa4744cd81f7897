/**
 * `Tf1AdamUpdate`: TF 1.x's ApplyAdam for one variable as a single kernel, for the `cpu` and `wasm`
 * backends.
 *
 * Written as tf ops, one Adam update is 14 elementwise kernels per variable, each a full pass over
 * memory (and, on wasm, the scalar operands take the slow broadcasting path); on chapter 5's
 * 3136×1024 weights that was ~60 ms of a step. This kernel reads w, g, m and v once and writes the
 * new w, m and v once, with every operation rounded to float32 in the order the op form uses:
 *
 *   m' = m + (g − m)·(1−β1);  v' = v + (g·g − v)·(1−β2);  w' = w − (m'·α) / (√v' + ε)
 *
 * A float32 +, −, ·, / or √ computed in double precision and rounded once to float32 is exactly the
 * float32 operation (53 ≥ 2·24 + 2 bits), so the result is bit-identical to the op form on either
 * backend.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';
import { POOL_KERNEL, runSplit, simdPoolOf } from '../wasm/simd-pool';
import { float32Bits, simdAdamUpdateFor, wasmBackendMemory } from './tf1-adam-simd';

export const TF1_ADAM_UPDATE = 'Tf1AdamUpdate';

/** Attributes of `Tf1AdamUpdate`; each is used as the float32 scalar it rounds to. */
export interface Tf1AdamUpdateAttrs {
  /** α_t = lr·√(1−β2^t)/(1−β1^t), already computed in float32. */
  alpha: number;
  oneMinusBeta1: number;
  oneMinusBeta2: number;
  epsilon: number;
}

const f32 = Math.fround;

/**
 * The update over plain arrays: reads w, g, m, v and writes w', m', v' (the outputs may alias
 * their inputs element for element: each element is read before it is written).
 */
export function tf1AdamUpdateArrays(
  w: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  outW: Float32Array,
  outM: Float32Array,
  outV: Float32Array,
  attrs: Tf1AdamUpdateAttrs,
): void {
  const alpha = f32(attrs.alpha);
  const c1 = f32(attrs.oneMinusBeta1);
  const c2 = f32(attrs.oneMinusBeta2);
  const eps = f32(attrs.epsilon);
  const n = w.length;
  for (let i = 0; i < n; i++) {
    const gi = g[i]!;
    const mi = m[i]!;
    const vi = v[i]!;
    const newM = f32(mi + f32(f32(gi - mi) * c1));
    const newV = f32(vi + f32(f32(f32(gi * gi) - vi) * c2));
    const step = f32(f32(newM * alpha) / f32(f32(Math.sqrt(newV)) + eps));
    outW[i] = f32(w[i]! - step);
    outM[i] = newM;
    outV[i] = newV;
  }
}

interface UpdateInputs {
  w: TensorInfo;
  g: TensorInfo;
  m: TensorInfo;
  v: TensorInfo;
}

function checkInputs(inputs: NamedTensorInfoMap): UpdateInputs {
  const { w, g, m, v } = inputs as unknown as UpdateInputs;
  for (const [name, info] of Object.entries({ w, g, m, v })) {
    if (info == null) throw new Error(`${TF1_ADAM_UPDATE}: input '${name}' is missing`);
    if (info.dtype !== 'float32')
      throw new Error(`${TF1_ADAM_UPDATE}: input '${name}' must be float32, got ${info.dtype}`);
    if (!tf.util.arraysEqual(info.shape, w.shape)) {
      throw new Error(`${TF1_ADAM_UPDATE}: input '${name}' has shape [${info.shape}], w has [${w.shape}]`);
    }
  }
  return { w, g, m, v };
}

interface CpuBackendLike {
  data: { get(dataId: object): { values: unknown } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
}

function cpuKernel(args: { inputs: NamedTensorInfoMap; backend: unknown; attrs?: NamedAttrMap }): TensorInfo[] {
  const backend = args.backend as CpuBackendLike;
  const { w, g, m, v } = checkInputs(args.inputs);
  const read = (info: TensorInfo) => backend.data.get(info.dataId).values as Float32Array;
  const size = tf.util.sizeFromShape(w.shape);
  const outW = new Float32Array(size);
  const outM = new Float32Array(size);
  const outV = new Float32Array(size);
  tf1AdamUpdateArrays(
    read(w),
    read(g),
    read(m),
    read(v),
    outW,
    outM,
    outV,
    args.attrs as unknown as Tf1AdamUpdateAttrs,
  );
  return [outW, outM, outV].map((values) => backend.makeTensorInfo(w.shape, 'float32', values));
}

interface WasmBackendLike {
  wasm: unknown;
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): unknown;
  getMemoryOffset(dataId: object): number;
}

let simdOnWasm = true;

/**
 * From this many weights the update runs on the SIMD pool's threads (../wasm/simd-pool): a
 * memory-bound pass over 7 arrays, which two cores stream faster than one; the dense layers have
 * 3.2 million. Below it (biases, the 10-way head) the hand-over costs more than it saves.
 */
const THREADED_ADAM_MIN_SIZE = 65536;

/**
 * On wasm, run the update as WebAssembly SIMD on the backend's heap (default) or as the JavaScript
 * loop; both give the same bits. For tests and benchmarks.
 */
export function useSimdAdamUpdate(enabled: boolean): void {
  simdOnWasm = enabled;
}

function wasmKernel(args: { inputs: NamedTensorInfoMap; backend: unknown; attrs?: NamedAttrMap }): TensorInfo[] {
  const backend = args.backend as WasmBackendLike;
  const { w, g, m, v } = checkInputs(args.inputs);
  // All allocations first: a later one may grow the heap and detach views taken before it.
  const outs = [0, 1, 2].map(() => backend.makeOutput(w.shape, 'float32'));
  const memory = simdOnWasm ? wasmBackendMemory(backend.wasm) : null;
  const simd = memory ? simdAdamUpdateFor(memory) : null;
  if (simd) {
    const a = args.attrs as unknown as Tf1AdamUpdateAttrs;
    const scalars = [a.alpha, a.oneMinusBeta1, a.oneMinusBeta2, a.epsilon].map(float32Bits) as [
      number,
      number,
      number,
      number,
    ];
    const at = (info: TensorInfo) => backend.getMemoryOffset(info.dataId);
    const buffers = [w, g, m, v, ...outs].map(at);
    const size = tf.util.sizeFromShape(w.shape);
    const pool = size >= THREADED_ADAM_MIN_SIZE ? simdPoolOf(backend) : null;
    if (!pool) {
      simd(...(buffers as [number, number, number, number, number, number, number]), size, ...scalars);
      return outs;
    }
    // Threads take disjoint element ranges (in fours, so each keeps whole SIMD lanes); every
    // element's update is the same arithmetic wherever it runs.
    runSplit(pool, Math.ceil(size / 4), (part, fourFrom, fourTo) => {
      const [from, to] = [4 * fourFrom, Math.min(size, 4 * fourTo)];
      part.push(POOL_KERNEL.adamUpdate, ...buffers.map((b) => b + 4 * from), to - from, ...scalars);
    });
    return outs;
  }
  const heap = (info: TensorInfo) => backend.typedArrayFromHeap(info) as Float32Array;
  tf1AdamUpdateArrays(
    heap(w),
    heap(g),
    heap(m),
    heap(v),
    heap(outs[0]!),
    heap(outs[1]!),
    heap(outs[2]!),
    args.attrs as unknown as Tf1AdamUpdateAttrs,
  );
  return outs;
}

export const TF1_ADAM_UPDATE_CONFIGS: readonly KernelConfig[] = [
  { kernelName: TF1_ADAM_UPDATE, backendName: 'cpu', kernelFunc: cpuKernel as unknown as KernelFunc },
  { kernelName: TF1_ADAM_UPDATE, backendName: 'wasm', kernelFunc: wasmKernel as unknown as KernelFunc },
];

/** Registers the kernel for `cpu` and `wasm` (whether or not they are loaded); idempotent. */
export function registerTf1AdamUpdate(): void {
  for (const config of TF1_ADAM_UPDATE_CONFIGS) {
    if (tf.getKernel(config.kernelName, config.backendName)?.kernelFunc === config.kernelFunc) continue;
    if (tf.getKernel(config.kernelName, config.backendName)) tf.unregisterKernel(config.kernelName, config.backendName);
    tf.registerKernel(config);
  }
}

/** Whether the active backend has the fused kernel. */
export function hasTf1AdamUpdate(): boolean {
  return tf.getKernel(TF1_ADAM_UPDATE, tf.getBackend()) != null;
}

/** Runs the fused update through the engine: [w', m', v'] as new tensors. */
export function tf1AdamUpdate(
  w: tf.Tensor,
  g: tf.Tensor,
  m: tf.Tensor,
  v: tf.Tensor,
  attrs: Tf1AdamUpdateAttrs,
): tf.Tensor[] {
  return tf
    .engine()
    .runKernel(TF1_ADAM_UPDATE, { w, g, m, v }, attrs as unknown as NamedAttrMap) as unknown as tf.Tensor[];
}
