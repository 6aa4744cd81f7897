/**
 * `Sum`. Bias gradients sum [N, H, W, C] over its first three axes; the stock kernel transposes the
 * reduced axes to the end first (a full copy). Summing leading axes needs no transpose: a running
 * float64 sum per trailing element (more accurate than the stock float32 one), as ../simd/column-sum
 * on the pool for large tensors. Other reductions keep the stock kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { Sum, type SumAttrs, type SumInputs, type TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { addressOf, dispose, heapF32, inputsOf, runStock, wasmKernel } from '../kernel_utils';
import { accelOptions } from '../options';
import { POOL_KERNEL, runSplit, simdPoolOf } from '../pool/kernel-table';
import type { SimdPool } from '../pool/simd-pool';

/**
 * Below this many values the JavaScript loop is faster than handing the sum to the pool (measured:
 * 12 values 0.01 ms in JavaScript against 0.15 ms; 627 thousand 2.6 ms against 0.7 ms).
 */
const SIMD_SUM_MIN_SIZE = 16384;

/**
 * out[j] = Σ_i x[i, j] through ./sum-simd on the pool, threads taking disjoint column groups: the
 * same float64 running sums as the JavaScript loop.
 */
function simdColumnSum(
  backend: BackendWasm,
  pool: SimdPool,
  x: TensorInfo,
  out: TensorInfo,
  rows: number,
  columns: number,
): void {
  const groups = columns / 4;
  // Float64 sums: 8 bytes per column, on an 8-byte boundary for the Float64Array view below.
  const scratch = backend.makeOutput([2 * columns + 2], 'float32');
  const scratchAt = addressOf(backend, scratch);
  const accAt = scratchAt + ((8 - (scratchAt % 8)) % 8);
  const memory = heapF32(backend, scratch).buffer;
  const acc = new Float64Array(memory, accAt, columns).fill(0);
  const xAt = addressOf(backend, x);
  runSplit(pool, groups, (part, g0, g1) =>
    part.push(POOL_KERNEL.columnSum, xAt + 16 * g0, accAt + 32 * g0, rows, g1 - g0, columns * 4),
  );
  heapF32(backend, out).set(acc);
  dispose(backend, scratch);
}

function sum({ inputs, backend, attrs }: { inputs: SumInputs; backend: BackendWasm; attrs: SumAttrs }) {
  const [x] = inputsOf(Sum, inputs, 'x');
  const rank = x.shape.length;
  const axes = tf.util.parseAxisParam(attrs.axis, x.shape).sort((p, q) => p - q);
  const leading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i);
  if (x.dtype !== 'float32' || !leading || !accelOptions.routes.leadingAxesSum)
    return runStock(Sum, backend, inputs, attrs);
  const inner = tf.util.sizeFromShape(x.shape.slice(axes.length));
  const outer = tf.util.sizeFromShape(x.shape.slice(0, axes.length));
  const shape = attrs.keepDims ? x.shape.map((d, i) => (i < axes.length ? 1 : d)) : x.shape.slice(axes.length);
  const out = backend.makeOutput(shape, 'float32');
  const pool =
    accelOptions.routes.simdSum && inner % 4 === 0 && outer * inner >= SIMD_SUM_MIN_SIZE ? simdPoolOf(backend) : null;
  if (pool) {
    simdColumnSum(backend, pool, x, out, outer, inner);
    return out;
  }
  const xs = heapF32(backend, x);
  const acc = new Float64Array(inner);
  for (let i = 0, at = 0; i < outer; i++) {
    for (let j = 0; j < inner; j++, at++) acc[j]! += xs[at]!;
  }
  heapF32(backend, out).set(acc);
  return out;
}

export const sumConfig = wasmKernel(Sum, sum);
