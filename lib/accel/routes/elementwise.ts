/**
 * Element-wise float32 kernels (Add, Sub, Multiply, RealDiv, Relu, Step) off the stock kernels'
 * slow paths: the stock wasm kernels run on one thread, broadcast through a general index loop,
 * and hand even a 10-element operation to XNNPACK's thread pool.
 *
 * Small outputs run as a JavaScript loop on the heap (no call into the module, no thread wake-up);
 * large same-shape operations, biases broadcast over rows and scalars run as ../simd/elementwise on
 * the pool, threads taking disjoint rows. Every element is one IEEE float32 operation either way,
 * so results are the cpu backend's bit for bit and do not depend on the thread count. Other
 * broadcasts of large tensors keep the stock kernel.
 */
import * as tf from '@tensorflow/tfjs';
import type { BinaryInputs, TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { addressOf, dispose, heapF32, inputsOf, runStock, wasmKernel } from '../kernel_utils';
import { accelOptions } from '../options';
import { POOL_KERNEL, runSplit, simdPoolOf } from '../pool/kernel-table';
import type { CallList, SimdPool } from '../pool/simd-pool';
import type { ElementwiseOp } from '../simd/elementwise';

/**
 * Up to this many output values the JavaScript loop runs (~1 ns a value), above it the pool: an
 * XNNPACK or pool hand-over costs tens of microseconds, and far more when the other core is busy.
 */
export const SMALL_ELEMENTWISE = 4096;
/** Floats per pool row of a same-shape operation: rows long enough to amortise each call. */
const RUN_FLOATS = 4096;
/**
 * From this many output values the pool's threads share an operation. Below it one thread streams
 * memory about as fast as two, and waiting for a second thread that the OS has set aside (a busy
 * machine) cost more than it saved: a [50,28,28,32] product measured 0.70 ms on the main thread
 * against a median of 3.0 on two threads with the other cores busy.
 */
const THREADED_ELEMENTWISE = 1 << 22;

const f32 = Math.fround;
/** The operations on one value, as the cpu backend computes them. */
const SCALAR: Record<ElementwiseOp, (a: number, b: number) => number> = {
  add: (a, b) => f32(a + b),
  sub: (a, b) => f32(a - b),
  mul: (a, b) => f32(a * b),
  div: (a, b) => f32(a / b),
  relu: (a) => Math.max(0, a),
  addRelu: (a, b) => Math.max(0, f32(a + b)),
  step: (a) => (Number.isNaN(a) ? a : a > 0 ? 1 : 0),
};

/** The strides (in elements) of `shape` broadcast to `outShape`: 0 along broadcast dimensions. */
function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const strides = new Array<number>(outShape.length).fill(0);
  let stride = 1;
  for (let i = shape.length - 1, o = outShape.length - 1; i >= 0; i--, o--) {
    strides[o] = shape[i] === 1 ? 0 : stride;
    stride *= shape[i]!;
  }
  return strides;
}

/** out = a ∘ b with any broadcast, element by element in JavaScript. */
function loop(
  op: ElementwiseOp,
  a: Float32Array,
  aShape: number[],
  b: Float32Array,
  bShape: number[],
  out: Float32Array,
  outShape: number[],
) {
  const f = SCALAR[op];
  const [as, bs] = [broadcastStrides(aShape, outShape), broadcastStrides(bShape, outShape)];
  const rank = outShape.length;
  const index = new Array<number>(rank).fill(0);
  let [ai, bi] = [0, 0];
  for (let o = 0; o < out.length; o++) {
    out[o] = f(a[ai]!, b[bi]!);
    for (let d = rank - 1; d >= 0; d--) {
      index[d]!++;
      ai += as[d]!;
      bi += bs[d]!;
      if (index[d]! < outShape[d]!) break;
      ai -= as[d]! * outShape[d]!;
      bi -= bs[d]! * outShape[d]!;
      index[d] = 0;
    }
  }
}

/**
 * How a large operation maps onto pool rows: rows of `rowFloats` with a's and b's row strides in
 * floats (0: the same row for every row), or null where it does not.
 */
function rowsOf(aShape: number[], bShape: number[], size: number) {
  const bSize = tf.util.sizeFromShape(bShape);
  if (tf.util.arraysEqual(aShape, bShape)) return { rowFloats: RUN_FLOATS, bRow: RUN_FLOATS, scalarB: false };
  if (bSize === 1) return { rowFloats: RUN_FLOATS, bRow: 0, scalarB: true };
  // b broadcast over a's leading dimensions: b's shape, leading ones dropped, ends a's shape.
  const trailing = bShape.slice(bShape.findIndex((d) => d !== 1));
  const suffix = aShape.slice(aShape.length - trailing.length);
  if (bShape.length <= aShape.length && tf.util.arraysEqual(trailing, suffix) && bSize % 4 === 0 && size % bSize === 0)
    return { rowFloats: bSize, bRow: 0, scalarB: false };
  return null;
}

/** Runs `rows` rows through `push`: on the pool's threads for THREADED_ELEMENTWISE values, else as one chunk here. */
const runRows = (
  pool: SimdPool,
  size: number,
  rows: number,
  push: (part: CallList, from: number, to: number) => void,
) => runSplit(pool, rows, push, size >= THREADED_ELEMENTWISE);

/**
 * a ∘ b (b null for the unary operations) as a new float32 tensor of the broadcast shape, or null
 * where the stock kernel should run.
 */
export function elementwise(
  backend: BackendWasm,
  op: ElementwiseOp,
  a: TensorInfo,
  b: TensorInfo | null,
): TensorInfo | null {
  if (!accelOptions.routes.elementwise || a.dtype !== 'float32' || (b && b.dtype !== 'float32')) return null;
  const bShape = b?.shape ?? a.shape;
  const outShape = tf.backend_util.assertAndGetBroadcastShape(a.shape, bShape);
  const size = tf.util.sizeFromShape(outShape);
  const rows = tf.util.arraysEqual(outShape, a.shape) ? rowsOf(a.shape, bShape, size) : null;
  const pool = size > SMALL_ELEMENTWISE && rows ? simdPoolOf(backend) : null;
  if (size > SMALL_ELEMENTWISE && !pool) return null;
  const out = backend.makeOutput(outShape, 'float32');
  if (!pool || !rows) {
    const bValues = b ? heapF32(backend, b) : heapF32(backend, a);
    loop(op, heapF32(backend, a), a.shape, bValues, bShape, heapF32(backend, out), outShape);
    return out;
  }
  // A scalar b becomes one row of it, read for every row.
  const row = rows.scalarB ? backend.makeOutput([rows.rowFloats], 'float32') : null;
  if (row) heapF32(backend, row).fill(heapF32(backend, b!)[0]!);
  const [aAt, bAt, outAt] = [a, row ?? b ?? a, out].map((t) => addressOf(backend, t)) as [number, number, number];
  const kernel = POOL_KERNEL[`elementwise_${op}`];
  const whole = Math.floor(size / rows.rowFloats);
  const rowBytes = rows.rowFloats * 4;
  runRows(pool, size, whole, (part, from, to) =>
    part.push(
      kernel,
      aAt + from * rowBytes,
      bAt + from * rows.bRow * 4,
      outAt + from * rowBytes,
      to - from,
      rows.rowFloats,
      rowBytes,
      rows.bRow * 4,
      rowBytes,
    ),
  );
  // A same-shape or scalar run's last, shorter row (b rows always divide the size).
  const done = whole * rows.rowFloats;
  if (done < size) {
    const [as, bs, os] = [heapF32(backend, a), heapF32(backend, row ?? b ?? a), heapF32(backend, out)];
    const f = SCALAR[op];
    for (let i = done, j = rows.bRow === 0 ? 0 : done; i < size; i++, j++) os[i] = f(as[i]!, bs[j]!);
  }
  if (row) dispose(backend, row);
  return out;
}

/** The config of binary kernel `name`: a ∘ b here, or the stock kernel where this does not take it. */
export function binaryKernelConfig(name: string, op: ElementwiseOp) {
  return wasmKernel(name, ({ inputs, backend }: { inputs: BinaryInputs; backend: BackendWasm; attrs: object }) => {
    const [a, b] = inputsOf(name, inputs, 'a', 'b');
    return elementwise(backend, op, a, b) ?? runStock(name, backend, inputs, {});
  });
}

/**
 * y = act(y + bias) in place for a float32 [..., channels] tensor y and a bias of `channels`
 * values (null: none), act the relu or the identity, on the pool (channels in fours).
 */
export function addBiasInPlace(
  backend: BackendWasm,
  pool: SimdPool,
  y: TensorInfo,
  bias: TensorInfo | null,
  relu: boolean,
): void {
  if (!bias && !relu) return;
  const channels = y.shape[y.shape.length - 1]!;
  const rows = tf.util.sizeFromShape(y.shape) / channels;
  const kernel = POOL_KERNEL[bias ? (relu ? 'elementwise_addRelu' : 'elementwise_add') : 'elementwise_relu'];
  const [yAt, bAt] = [addressOf(backend, y), addressOf(backend, bias ?? y)];
  const rowBytes = channels * 4;
  runRows(pool, rows * channels, rows, (part, from, to) =>
    part.push(kernel, yAt + from * rowBytes, bAt, yAt + from * rowBytes, to - from, channels, rowBytes, 0, rowBytes),
  );
}
