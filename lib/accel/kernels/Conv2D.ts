/**
 * `Conv2D`: the forward convolution. Stride 1 with eights of out channels and 8+ in channels runs
 * as SIMD tap sums on the pool (../routes/conv-taps), which skip the products with padding that
 * XNNPACK computes; one input channel (the first layer) as ../routes/conv-one-channel; every
 * other NHWC float32 geometry runs on XNNPACK with explicit padding, which
 * the stock kernel gets wrong for some strided SAME convolutions (see ../kernel_utils).
 */
import * as tf from '@tensorflow/tfjs';
import { Conv2D, type Conv2DAttrs, type Conv2DInputs, type TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { addressOf, conv2DInfo, inputsOf, padsOf, runStock, shape4, wasmKernel, xnnpackConv2D } from '../kernel_utils';
import { accelOptions } from '../options';
import { clearedOutput, simdPoolOf } from '../pool/kernel-table';
import { oneChannelConv2D, oneChannelConvFits } from '../routes/conv-one-channel';
import { correlateTaps, TILE_COLUMNS } from '../routes/conv-taps';

/**
 * Below this many input channels a tap is too short to pay for its call (the first layer's single
 * channel: one product per output pixel and call); XNNPACK keeps those.
 */
export const MIN_SIMD_CONV_IN_CHANNELS = 8;

/** Whether the SIMD route takes a convolution of this geometry. */
export function simdConv2DFits(info: tf.backend_util.Conv2DInfo): boolean {
  return (
    info.strideHeight === 1 &&
    info.strideWidth === 1 &&
    info.dilationHeight === 1 &&
    info.dilationWidth === 1 &&
    info.outChannels % TILE_COLUMNS === 0 &&
    info.inChannels >= MIN_SIMD_CONV_IN_CHANNELS &&
    info.batchSize > 0 &&
    info.outHeight > 0 &&
    info.outWidth > 0
  );
}

/** y = conv(x, filter) for float32 NHWC tensors as SIMD tap sums, or null where the engine has no SIMD. */
export function simdConv2D(
  backend: BackendWasm,
  x: TensorInfo,
  filter: TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): TensorInfo | null {
  const pool = simdPoolOf(backend);
  if (!pool) return null;
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { top, left } = info.padInfo;
  const out = clearedOutput(backend, pool, [batchSize, outHeight, outWidth, outChannels]);
  correlateTaps(pool, {
    batch: batchSize,
    out: addressOf(backend, out),
    outHeight,
    outWidth,
    outChannels,
    input: addressOf(backend, x),
    inHeight,
    inWidth,
    inChannels,
    matrices: addressOf(backend, filter),
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    // Output pixel (r, c) reads input pixel (r + i − top, c + j − left) through tap (i, j).
    offset: (i, j) => [i - top, j - left],
  });
  return out;
}

function conv2D({ inputs, backend, attrs }: { inputs: Conv2DInputs; backend: BackendWasm; attrs: Conv2DAttrs }) {
  const [x, filter] = inputsOf(Conv2D, inputs, 'x', 'filter');
  const dataFormat = tf.backend_util.convertConv2DDataFormat(attrs.dataFormat);
  if (dataFormat !== 'channelsLast' || x.dtype !== 'float32' || filter.dtype !== 'float32' || x.shape.length !== 4)
    return runStock(Conv2D, backend, inputs, attrs);
  const info = conv2DInfo(shape4(Conv2D, x), shape4(Conv2D, filter), attrs, dataFormat);
  const y = accelOptions.routes.simdConv2D && simdConv2DFits(info) ? simdConv2D(backend, x, filter, info) : null;
  if (y) return y;
  const pool = accelOptions.routes.oneChannelConv2D && oneChannelConvFits(info) ? simdPoolOf(backend) : null;
  if (pool) return oneChannelConv2D(backend, pool, x, filter, info, null, false);
  return xnnpackConv2D(
    backend,
    x,
    filter,
    padsOf(info),
    [info.dilationHeight, info.dilationWidth],
    [info.strideHeight, info.strideWidth],
  );
}

export const conv2DConfig = wasmKernel(Conv2D, conv2D);
