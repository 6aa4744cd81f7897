/**
 * `Conv2DBackpropInput`: the convolution's input gradient (the stock 4.22 kernel is naive, and
 * wrong for strides above 1 with padding).
 *
 *   dx[b,h,w,ci] = Σ dy[b,oh,ow,co] · W[h+top−oh·s, w+left−ow·s, ci, co].
 *
 * Stride 1 with eights of in channels: SIMD tap sums on the pool (../routes/conv-taps), the filter's
 * channels swapped. Otherwise a forward XNNPACK convolution of the spread-out dy with the turned
 * filter, or, where its padding would be negative, a direct loop (../routes/input-grad).
 */
import * as tf from '@tensorflow/tfjs';
import {
  Conv2DBackpropInput,
  type Conv2DBackpropInputAttrs,
  type Conv2DBackpropInputInputs,
  type TensorInfo,
} from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  addressOf,
  assertFloatNhwc,
  conv2DInfo,
  dispose,
  inputsOf,
  shape4,
  transpose,
  wasmKernel,
} from '../kernel_utils';
import { accelOptions } from '../options';
import { clearedOutput, simdPoolOf } from '../pool/kernel-table';
import { correlateTaps } from '../routes/conv-taps';
import { directInputGrad, inputGradPads, xnnpackInputGrad } from '../routes/input-grad';

/**
 * Per image and filter tap (kh, kw), the rectangle of input pixels whose dy pixel
 * (h + top − kh, w + left − kw) exists gets dy · W[kh,kw]ᵀ added, so no product with padding is
 * computed; taps in order, so results are deterministic. Null where the engine has no SIMD.
 */
function simdInputGrad(
  backend: BackendWasm,
  dy: TensorInfo,
  filter: TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): TensorInfo | null {
  const pool = simdPoolOf(backend);
  if (!pool) return null;
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { top, left } = info.padInfo;
  const out = clearedOutput(backend, pool, [batchSize, inHeight, inWidth, inChannels]);
  const transposed = transpose(backend, filter, [0, 1, 3, 2]);
  correlateTaps(pool, {
    batch: batchSize,
    out: addressOf(backend, out),
    outHeight: inHeight,
    outWidth: inWidth,
    outChannels: inChannels,
    input: addressOf(backend, dy),
    inHeight: outHeight,
    inWidth: outWidth,
    inChannels: outChannels,
    matrices: addressOf(backend, transposed),
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    // Input pixel (r, c) gets dy pixel (r + top − i, c + left − j) through tap (i, j).
    offset: (i, j) => [top - i, left - j],
  });
  dispose(backend, transposed);
  return out;
}

function conv2DBackpropInput({
  inputs,
  backend,
  attrs,
}: {
  inputs: Conv2DBackpropInputInputs;
  backend: BackendWasm;
  attrs: Conv2DBackpropInputAttrs;
}) {
  const [dy, filter] = inputsOf(Conv2DBackpropInput, inputs, 'dy', 'filter');
  const dataFormat = tf.backend_util.convertConv2DDataFormat(attrs.dataFormat);
  assertFloatNhwc(Conv2DBackpropInput, dataFormat, dy, filter);
  const info = conv2DInfo(attrs.inputShape, shape4(Conv2DBackpropInput, filter), attrs, dataFormat);
  if (inputGradPads(info).some((p) => p < 0) || info.outHeight < 1 || info.outWidth < 1) {
    return directInputGrad(backend, dy, filter, info);
  }
  if (
    accelOptions.routes.simdConvInputGrad &&
    info.strideHeight === 1 &&
    info.strideWidth === 1 &&
    info.inChannels % 8 === 0
  ) {
    const dx = simdInputGrad(backend, dy, filter, info);
    if (dx) return dx;
  }
  return xnnpackInputGrad(backend, dy, filter, info);
}

export const conv2DBackpropInputConfig = wasmKernel(Conv2DBackpropInput, conv2DBackpropInput);
