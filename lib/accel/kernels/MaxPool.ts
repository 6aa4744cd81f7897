/**
 * `MaxPool`. The book's pooling (2×2 windows, stride 2, even sides, channels in fours) runs as
 * ../simd/max-pool on the pool, threads taking disjoint rows of windows: the stock kernel runs on
 * one thread. Every other pooling keeps the stock XNNPACK kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { MaxPool, type MaxPoolAttrs, type MaxPoolInputs } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { addressOf, inputsOf, runStock, shape4, wasmKernel } from '../kernel_utils';
import { accelOptions } from '../options';
import { POOL_KERNEL, runSplit, simdPoolOf } from '../pool/kernel-table';
import type { SimdPool } from '../pool/simd-pool';

/** Whether a pooling is the book's 2×2/2 over even sides with channels in fours (no padding reached). */
export function bookPooling(info: tf.backend_util.Conv2DInfo): boolean {
  return (
    info.effectiveFilterHeight === 2 &&
    info.effectiveFilterWidth === 2 &&
    info.strideHeight === 2 &&
    info.strideWidth === 2 &&
    info.padInfo.top === 0 &&
    info.padInfo.left === 0 &&
    info.inHeight % 2 === 0 &&
    info.inWidth % 2 === 0 &&
    info.inChannels % 4 === 0
  );
}

/**
 * From this many input values a pooling (or its gradient) runs on the pool's threads: the book's
 * largest, [50,28,28,32], takes ~0.3 ms on one thread (load average 9), too little to wait for a
 * second thread on a busy machine.
 */
const THREADED_POOLING = 1 << 21;

/**
 * Runs ../simd/max-pool's `kernel` over the book pooling's rows of windows (batch · outHeight),
 * threads taking disjoint ranges: x and dx are [N, H, W, C] byte addresses, y (or dy) [N, H/2, W/2, C].
 */
export function runWindowRows(
  pool: SimdPool,
  kernel: number,
  info: tf.backend_util.Conv2DInfo,
  x: number,
  y: number,
  dx: number,
): void {
  const { batchSize, inWidth, inChannels: channels, outHeight, outWidth } = info;
  const [rowBytes, cellBytes] = [inWidth * channels * 4, channels * 4];
  runSplit(
    pool,
    batchSize * outHeight,
    (part, from, to) =>
      part.push(
        kernel,
        x + 2 * from * rowBytes,
        y + from * outWidth * cellBytes,
        dx + 2 * from * rowBytes,
        to - from,
        outWidth,
        channels / 4,
        rowBytes,
        cellBytes,
      ),
    batchSize * info.inHeight * inWidth * channels >= THREADED_POOLING,
  );
}

function maxPool({ inputs, backend, attrs }: { inputs: MaxPoolInputs; backend: BackendWasm; attrs: MaxPoolAttrs }) {
  const [x] = inputsOf(MaxPool, inputs, 'x');
  if (x.dtype !== 'float32' || !accelOptions.routes.simdMaxPool) return runStock(MaxPool, backend, inputs, attrs);
  const info = tf.backend_util.computePool2DInfo(
    shape4(MaxPool, x),
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const pool = bookPooling(info) ? simdPoolOf(backend) : null;
  if (!pool) return runStock(MaxPool, backend, inputs, attrs);
  const out = backend.makeOutput(info.outShape, 'float32');
  runWindowRows(pool, POOL_KERNEL.maxPool2x2, info, addressOf(backend, x), addressOf(backend, out), 0);
  return out;
}

export const maxPoolConfig = wasmKernel(MaxPool, maxPool);
