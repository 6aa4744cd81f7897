/**
 * `MaxPoolGrad`, which is wrong in stock 4.22 wasm whenever a whole window is ≤ 0 (its running
 * maximum starts at the smallest positive float): routes each dy to the first maximum of its
 * window (row-major, padding excluded), as the `cpu` backend and TensorFlow do.
 *
 * The book's pooling (2×2 windows, stride 2, no padding before) runs as ../simd/max-pool on
 * the pool for even sides and channels in fours, as a branch-light JavaScript loop otherwise;
 * every other pooling as the general loop (../routes/max-pool-grad-loops).
 */
import * as tf from '@tensorflow/tfjs';
import { MaxPoolGrad, type MaxPoolGradAttrs, type MaxPoolGradInputs } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { addressOf, assertFloatNhwc, heapF32, inputsOf, shape4, wasmKernel } from '../kernel_utils';
import { accelOptions } from '../options';
import { POOL_KERNEL, simdPoolOf } from '../pool/kernel-table';
import { maxPoolGrad2x2, maxPoolGradLoop } from '../routes/max-pool-grad-loops';
import { bookPooling, runWindowRows } from './MaxPool';

function maxPoolGrad({
  inputs,
  backend,
  attrs,
}: {
  inputs: MaxPoolGradInputs;
  backend: BackendWasm;
  attrs: MaxPoolGradAttrs;
}) {
  const [dy, input] = inputsOf(MaxPoolGrad, inputs, 'dy', 'input');
  assertFloatNhwc(MaxPoolGrad, 'channelsLast', dy, input);
  const info = tf.backend_util.computePool2DInfo(
    shape4(MaxPoolGrad, input),
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth } = info;
  const out = backend.makeOutput(input.shape, 'float32');
  const book =
    info.effectiveFilterHeight === 2 &&
    info.effectiveFilterWidth === 2 &&
    info.strideHeight === 2 &&
    info.strideWidth === 2 &&
    info.padInfo.top === 0 &&
    info.padInfo.left === 0;
  if (!book || !accelOptions.routes.maxPoolGrad2x2) {
    maxPoolGradLoop(heapF32(backend, input), heapF32(backend, dy), heapF32(backend, out), info);
    return out;
  }
  const pool = accelOptions.routes.simdMaxPoolGrad && bookPooling(info) ? simdPoolOf(backend) : null;
  if (pool) {
    const [x, g, dx] = [addressOf(backend, input), addressOf(backend, dy), addressOf(backend, out)];
    runWindowRows(pool, POOL_KERNEL.maxPoolGrad2x2, info, x, g, dx);
    return out;
  }
  const [xs, dys, dxs] = [heapF32(backend, input), heapF32(backend, dy), heapF32(backend, out)];
  maxPoolGrad2x2(xs, dys, dxs, batchSize, inHeight, inWidth, channels, outHeight, outWidth);
  return out;
}

export const maxPoolGradConfig = wasmKernel(MaxPoolGrad, maxPoolGrad);
