/**
 * `FusedConv2D` (`tf.fused.conv2d`: convolution, bias, activation), so that fused layers take the
 * same routes as ./Conv2D: a one-channel image with the bias and relu in the tiles' output pass,
 * the SIMD tap sums with one pass of bias and relu on the pool after them. Other activations,
 * prelu weights and geometries keep the stock kernel, handed explicit padding (the stock kernels
 * get some strided SAME convolutions wrong, see ../kernel_utils).
 */
import * as tf from '@tensorflow/tfjs';
import { FusedConv2D, type FusedConv2DAttrs, type FusedConv2DInputs, type TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { conv2DInfo, explicitPadding, inputsOf, padsOf, runStock, shape4, wasmKernel } from '../kernel_utils';
import { accelOptions } from '../options';
import { simdPoolOf } from '../pool/kernel-table';
import { oneChannelConv2D, oneChannelConvFits } from '../routes/conv-one-channel';
import { addBiasInPlace } from '../routes/elementwise';
import { simdConv2D, simdConv2DFits } from './Conv2D';

/** A bias of one float32 value per output channel, as the routes take it. */
const channelBias = (bias: TensorInfo | undefined, channels: number) =>
  bias == null || (bias.dtype === 'float32' && bias.shape.length === 1 && bias.shape[0] === channels);

function fusedConv2D({
  inputs,
  backend,
  attrs,
}: {
  inputs: FusedConv2DInputs;
  backend: BackendWasm;
  attrs: FusedConv2DAttrs;
}) {
  const [x, filter] = inputsOf(FusedConv2D, inputs, 'x', 'filter');
  const { bias, preluActivationWeights } = inputs;
  const dataFormat = tf.backend_util.convertConv2DDataFormat(attrs.dataFormat);
  if (
    !accelOptions.routes.fusedConv2D ||
    dataFormat !== 'channelsLast' ||
    x.dtype !== 'float32' ||
    filter.dtype !== 'float32' ||
    x.shape.length !== 4
  )
    return runStock(FusedConv2D, backend, inputs, attrs);
  const info = conv2DInfo(shape4(FusedConv2D, x), shape4(FusedConv2D, filter), attrs, dataFormat);
  const relu = attrs.activation === 'relu';
  const routed =
    (relu || attrs.activation === 'linear') && preluActivationWeights == null && channelBias(bias, info.outChannels);
  const pool = routed ? simdPoolOf(backend) : null;
  if (pool && accelOptions.routes.oneChannelConv2D && oneChannelConvFits(info))
    return oneChannelConv2D(backend, pool, x, filter, info, bias ?? null, relu);
  const y =
    pool && accelOptions.routes.simdConv2D && simdConv2DFits(info) ? simdConv2D(backend, x, filter, info) : null;
  if (y) {
    addBiasInPlace(backend, pool!, y, bias ?? null, relu);
    return y;
  }
  return runStock(FusedConv2D, backend, inputs, { ...attrs, pad: explicitPadding(padsOf(info)) });
}

export const fusedConv2DConfig = wasmKernel(FusedConv2D, fusedConv2D);
