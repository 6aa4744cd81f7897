/**
 * The routes of the convolution input gradient that the SIMD tap sums (./conv-taps) do not take:
 *
 *   dx[b,h,w,ci] = Σ dy[b,oh,ow,co] · W[h+top−oh·s, w+left−ow·s, ci, co].
 *
 * With dy spread out by the stride (zeros between its rows and columns; a no-op at stride 1), that
 * is a forward stride-1 XNNPACK convolution of dy with the filter turned 180° and its channels
 * swapped, padded by (filter − 1 − top) above and (H − spread height + top) below
 * (`xnnpackInputGrad`); where a padding would be negative, a direct loop (`directInputGrad`).
 * The stock 4.22 kernel is naive and wrong for strides above 1 with padding.
 */
import type * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { dispose, heapF32, xnnpackConv2D } from '../kernel_utils';

/** The XNNPACK convolution's padding [top, bottom, left, right], negative where it cannot run. */
export function inputGradPads(info: tf.backend_util.Conv2DInfo): [number, number, number, number] {
  const spreadHeight = (info.outHeight - 1) * info.strideHeight + 1;
  const spreadWidth = (info.outWidth - 1) * info.strideWidth + 1;
  return [
    info.filterHeight - 1 - info.padInfo.top,
    info.inHeight - spreadHeight + info.padInfo.top,
    info.filterWidth - 1 - info.padInfo.left,
    info.inWidth - spreadWidth + info.padInfo.left,
  ];
}

export function xnnpackInputGrad(
  backend: BackendWasm,
  dy: TensorInfo,
  filter: TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): TensorInfo {
  const { strideHeight: sh, strideWidth: sw } = info;
  const flipped = flipFilter(backend, filter);
  const spreadHeight = (info.outHeight - 1) * sh + 1;
  const spreadWidth = (info.outWidth - 1) * sw + 1;
  const spread = sh === 1 && sw === 1 ? dy : spreadByStride(backend, dy, sh, sw, spreadHeight, spreadWidth);
  const dx = xnnpackConv2D(backend, spread, flipped, inputGradPads(info));
  dispose(backend, flipped);
  if (spread !== dy) dispose(backend, spread);
  return dx;
}

/** W'[kh,kw,co,ci] = W[KH−1−kh, KW−1−kw, ci, co]. */
function flipFilter(backend: BackendWasm, filter: TensorInfo): TensorInfo {
  const [kh, kw, ci, co] = filter.shape as [number, number, number, number];
  const out = backend.makeOutput([kh, kw, co, ci], 'float32');
  const src = heapF32(backend, filter);
  const dst = heapF32(backend, out);
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const from = ((kh - 1 - i) * kw + (kw - 1 - j)) * ci * co;
      const to = (i * kw + j) * co * ci;
      for (let c = 0; c < ci; c++) {
        for (let o = 0; o < co; o++) dst[to + o * ci + c] = src[from + c * co + o]!;
      }
    }
  }
  return out;
}

/** dy[b,oh,ow,c] moved to [b, oh·sh, ow·sw, c] of a zero tensor. */
function spreadByStride(
  backend: BackendWasm,
  dy: TensorInfo,
  sh: number,
  sw: number,
  height: number,
  width: number,
): TensorInfo {
  const [batch, oh, ow, c] = dy.shape as [number, number, number, number];
  const out = backend.makeOutput([batch, height, width, c], 'float32');
  const src = heapF32(backend, dy);
  const dst = heapF32(backend, out).fill(0);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        const from = ((b * oh + i) * ow + j) * c;
        dst.set(src.subarray(from, from + c), ((b * height + i * sh) * width + j * sw) * c);
      }
    }
  }
  return out;
}

/** The sums as written, for any geometry. */
export function directInputGrad(
  backend: BackendWasm,
  dy: TensorInfo,
  filter: TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): TensorInfo {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const out = backend.makeOutput([batchSize, inHeight, inWidth, inChannels], 'float32');
  const dys = heapF32(backend, dy);
  const ws = heapF32(backend, filter);
  const dx = heapF32(backend, out).fill(0);
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let fh = 0; fh < filterHeight; fh++) {
        const ih = oh * strideHeight + fh - info.padInfo.top;
        if (ih < 0 || ih >= inHeight) continue;
        for (let ow = 0; ow < outWidth; ow++) {
          const dyBase = ((b * outHeight + oh) * outWidth + ow) * outChannels;
          for (let fw = 0; fw < filterWidth; fw++) {
            const iw = ow * strideWidth + fw - info.padInfo.left;
            if (iw < 0 || iw >= inWidth) continue;
            const xBase = ((b * inHeight + ih) * inWidth + iw) * inChannels;
            const wBase = (fh * filterWidth + fw) * inChannels * outChannels;
            for (let ci = 0; ci < inChannels; ci++) {
              const row = wBase + ci * outChannels;
              let sum = 0;
              for (let co = 0; co < outChannels; co++) sum += dys[dyBase + co]! * ws[row + co]!;
              dx[xBase + ci]! += sum;
            }
          }
        }
      }
    }
  }
  return out;
}
