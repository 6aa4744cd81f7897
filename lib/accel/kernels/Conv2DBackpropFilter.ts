/**
 * `Conv2DBackpropFilter`, which the stock 4.22 wasm backend lacks (so it cannot train a
 * convolution at all):
 *
 *   dW[kh,kw,ci,co] = Σ_{b,oh,ow} x[b, oh·s+kh−top, ow·s+kw−left, ci] · dy[b,oh,ow,co].
 *
 * Stride 1 with eights of out channels: SIMD filter-tile sums on the pool. Otherwise, below
 * IM2COL_MAX_CHANNELS input channels (or with negative padding) one XNNPACK product with the
 * transposed im2col matrix, above it an XNNPACK convolution (../routes/filter-grad).
 */
import * as tf from '@tensorflow/tfjs';
import {
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  type Conv2DBackpropFilterInputs,
} from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { assertFloatNhwc, conv2DInfo, inputsOf, shape4, wasmKernel, zeros } from '../kernel_utils';
import { accelOptions } from '../options';
import { filterGradByConvolution, im2colFilterGrad, simdFilterGrad } from '../routes/filter-grad';

/**
 * Below this many input channels the XNNPACK route goes through im2col, above through a
 * transposed convolution. With one channel (the first layer of both networks) im2col is ~5× faster
 * (XNNPACK's convolution is slow with 25 output pixels and the batch as channels); with 32 the
 * 31 MB im2col matrix costs more than it saves.
 */
export const IM2COL_MAX_CHANNELS = 8;

function conv2DBackpropFilter({
  inputs,
  backend,
  attrs,
}: {
  inputs: Conv2DBackpropFilterInputs;
  backend: BackendWasm;
  attrs: Conv2DBackpropFilterAttrs;
}) {
  const [x, dy] = inputsOf(Conv2DBackpropFilter, inputs, 'x', 'dy');
  const dataFormat = tf.backend_util.convertConv2DDataFormat(attrs.dataFormat);
  assertFloatNhwc(Conv2DBackpropFilter, dataFormat, x, dy);
  const info = conv2DInfo(shape4(Conv2DBackpropFilter, x), attrs.filterShape, attrs, dataFormat);
  const { filterHeight, filterWidth, inChannels, outChannels } = info;
  const products = filterHeight * filterWidth * inChannels * outChannels * info.batchSize;
  if (products * info.outHeight * info.outWidth === 0) {
    return zeros(backend, attrs.filterShape);
  }
  if (
    accelOptions.routes.simdConvFilterGrad &&
    info.strideHeight === 1 &&
    info.strideWidth === 1 &&
    outChannels % 8 === 0
  ) {
    const dw = simdFilterGrad(backend, x, dy, info, attrs.filterShape);
    if (dw) return dw;
  }
  if (inChannels >= IM2COL_MAX_CHANNELS && info.padInfo.top >= 0 && info.padInfo.left >= 0) {
    return filterGradByConvolution(backend, x, dy, info);
  }
  return im2colFilterGrad(backend, x, dy, info, attrs.filterShape);
}

export const conv2DBackpropFilterConfig = wasmKernel(Conv2DBackpropFilter, conv2DBackpropFilter);
