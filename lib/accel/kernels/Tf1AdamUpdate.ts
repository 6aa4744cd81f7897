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
import type { NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { addressOf, heapF32, inputsOf, kernelConfig, wasmKernel } from '../kernel_utils';
import { accelOptions } from '../options';
import { POOL_KERNEL, runSplit, simdPoolOf } from '../pool/kernel-table';
import { float32Bits } from '../simd/adam-update';

export const TF1_ADAM_UPDATE = 'Tf1AdamUpdate';

export type Tf1AdamUpdateInputs = Pick<NamedTensorInfoMap, 'w' | 'g' | 'm' | 'v'>;

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

/** w, g, m and v, checked: float32, one shape. */
function checkInputs(inputs: Tf1AdamUpdateInputs): [TensorInfo, TensorInfo, TensorInfo, TensorInfo] {
  const [w, g, m, v] = inputsOf(TF1_ADAM_UPDATE, inputs, 'w', 'g', 'm', 'v');
  for (const [name, info] of Object.entries({ w, g, m, v })) {
    if (info.dtype !== 'float32')
      throw new Error(`${TF1_ADAM_UPDATE}: input '${name}' must be float32, got ${info.dtype}`);
    if (!tf.util.arraysEqual(info.shape, w.shape)) {
      throw new Error(`${TF1_ADAM_UPDATE}: input '${name}' has shape [${info.shape}], w has [${w.shape}]`);
    }
  }
  return [w, g, m, v];
}

interface CpuBackendLike {
  data: { get(dataId: object): { values: unknown } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
}

function cpuKernel({
  inputs,
  backend,
  attrs,
}: {
  inputs: Tf1AdamUpdateInputs;
  backend: CpuBackendLike;
  attrs: Tf1AdamUpdateAttrs;
}) {
  const [w, g, m, v] = checkInputs(inputs);
  const read = (info: TensorInfo) => backend.data.get(info.dataId).values as Float32Array;
  const size = tf.util.sizeFromShape(w.shape);
  const outs = [new Float32Array(size), new Float32Array(size), new Float32Array(size)] as const;
  tf1AdamUpdateArrays(read(w), read(g), read(m), read(v), ...outs, attrs);
  return outs.map((values) => backend.makeTensorInfo(w.shape, 'float32', values));
}

/**
 * From this many weights the update runs on the SIMD pool's threads (../pool): a memory-bound
 * pass over 7 arrays, which two cores stream faster than one; the dense layers have 3.2 million.
 * Below it (biases, the 10-way head) the hand-over costs more than it saves.
 */
const THREADED_ADAM_MIN_SIZE = 65536;

/**
 * On wasm, the update as ../simd/adam-update on the backend's heap (accelOptions.simdAdamUpdate),
 * or as the JavaScript loop; both give the same bits.
 */
function wasmKernelFunc({
  inputs,
  backend,
  attrs,
}: {
  inputs: Tf1AdamUpdateInputs;
  backend: BackendWasm;
  attrs: Tf1AdamUpdateAttrs;
}) {
  const [w, g, m, v] = checkInputs(inputs);
  // All allocations first: a later one may grow the heap and detach views taken before it.
  const output = () => backend.makeOutput(w.shape, 'float32');
  const outs: [TensorInfo, TensorInfo, TensorInfo] = [output(), output(), output()];
  const pool = accelOptions.simdAdamUpdate ? simdPoolOf(backend) : null;
  if (!pool) {
    const heap = (info: TensorInfo) => heapF32(backend, info);
    tf1AdamUpdateArrays(heap(w), heap(g), heap(m), heap(v), heap(outs[0]), heap(outs[1]), heap(outs[2]), attrs);
    return outs;
  }
  const scalars = [attrs.alpha, attrs.oneMinusBeta1, attrs.oneMinusBeta2, attrs.epsilon].map(float32Bits);
  const buffers = [w, g, m, v, ...outs].map((info) => addressOf(backend, info));
  const size = tf.util.sizeFromShape(w.shape);
  // Threads take disjoint element ranges (in fours, so each keeps whole SIMD lanes); every
  // element's update is the same arithmetic wherever it runs. Small updates stay on this thread.
  runSplit(
    pool,
    Math.ceil(size / 4),
    (part, from, to) => {
      const [first, last] = [4 * from, Math.min(size, 4 * to)];
      part.push(POOL_KERNEL.adamUpdate, ...buffers.map((b) => b + 4 * first), last - first, ...scalars);
    },
    size >= THREADED_ADAM_MIN_SIZE,
  );
  return outs;
}

export const TF1_ADAM_UPDATE_CONFIGS = [
  kernelConfig(TF1_ADAM_UPDATE, 'cpu', cpuKernel),
  wasmKernel(TF1_ADAM_UPDATE, wasmKernelFunc),
];

/** Registers the kernel for `cpu` and `wasm` (whether or not they are loaded); idempotent. */
export function registerTf1AdamUpdate(): void {
  for (const config of TF1_ADAM_UPDATE_CONFIGS) {
    const existing = tf.getKernel(config.kernelName, config.backendName);
    if (existing?.kernelFunc === config.kernelFunc) continue;
    if (existing) tf.unregisterKernel(config.kernelName, config.backendName);
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
): [tf.Tensor, tf.Tensor, tf.Tensor] {
  const { alpha, oneMinusBeta1, oneMinusBeta2, epsilon } = attrs;
  const outs: tf.Tensor[] = tf.engine().runKernel(TF1_ADAM_UPDATE, { w, g, m, v }, {
    alpha,
    oneMinusBeta1,
    oneMinusBeta2,
    epsilon,
  } satisfies NamedAttrMap);
  return [outs[0]!, outs[1]!, outs[2]!];
}
