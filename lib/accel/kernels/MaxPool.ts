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
  const { batchSize, inWidth, inChannels: channels, outHeight, outWidth } = info;
  const out = backend.makeOutput(info.outShape, 'float32');
  const [xAt, yAt] = [addressOf(backend, x), addressOf(backend, out)];
  const [rowBytes, cellBytes] = [inWidth * channels * 4, channels * 4];
  runSplit(pool, batchSize * outHeight, (part, from, to) =>
    part.push(
      POOL_KERNEL.maxPool2x2,
      xAt + 2 * from * rowBytes,
      yAt + from * outWidth * cellBytes,
      0,
      to - from,
      outWidth,
      channels / 4,
      rowBytes,
      cellBytes,
    ),
  );
  return out;
}

export const maxPoolConfig = wasmKernel(MaxPool, maxPool);
