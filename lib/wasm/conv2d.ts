/**
 * The forward stride-1 convolution of chapter 5's second layer as WebAssembly SIMD on the pool's
 * threads (./simd-pool), where XNNPACK multiplies padding: with SAME padding a 5×5 filter on a
 * 14×14 image reaches outside it for 16% of its products.
 *
 * y[b,h,w,:] = Σ_{kh,kw} x[b, h+kh−top, w+kw−left, :] · W[kh,kw]  (W[kh,kw] a [ci, co] matrix)
 *
 * is, per image and filter tap, ./conv-grad-simd's input tap over the rectangle of output pixels
 * whose input pixel lies inside the image: the tap adds in[pixel, :]·W[kh,kw] to out[pixel, :] for
 * every group of 32 output channels, reading W where it lies. Taps add in order, and threads take
 * disjoint ranges of images, so results do not depend on the number of threads.
 */
import type * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { splitByCost } from './parallel';
import { callLists, POOL_KERNEL, runParts, simdPoolOf } from './simd-pool';

/** Output channels per tap tile (eight v128 sums). */
const TAP_COLUMNS = 32;
/**
 * Below this many input channels a tap is too short to pay for its call (the first layer's single
 * channel: one product per output pixel and call); XNNPACK keeps those.
 */
export const MIN_SIMD_CONV_IN_CHANNELS = 8;

/** Whether `simdConv2D` takes a convolution of this geometry. */
export function simdConv2DFits(info: tf.backend_util.Conv2DInfo): boolean {
  return (
    info.strideHeight === 1 && info.strideWidth === 1 &&
    info.dilationHeight === 1 && info.dilationWidth === 1 &&
    info.outChannels % TAP_COLUMNS === 0 && info.inChannels >= MIN_SIMD_CONV_IN_CHANNELS &&
    info.batchSize > 0 && info.outHeight > 0 && info.outWidth > 0
  );
}

/** y = conv(x, filter) for float32 NHWC tensors, or null where it does not fit or there is no SIMD. */
export function simdConv2D(backend: BackendWasm, x: TensorInfo, filter: TensorInfo, info: tf.backend_util.Conv2DInfo): TensorInfo | null {
  if (!simdConv2DFits(info)) return null;
  const pool = simdPoolOf(backend);
  if (!pool) return null;
  const { batchSize: batch, inHeight: h, inWidth: w, inChannels: ci, outHeight: oh, outWidth: ow, outChannels: co } = info;
  const { filterHeight: kh, filterWidth: kw } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const out = backend.makeOutput([batch, oh, ow, co], 'float32');
  (backend.typedArrayFromHeap(out) as Float32Array).fill(0);
  const at = (t: TensorInfo) => backend.getMemoryOffset(t.dataId);
  const [yAt, xAt, wAt] = [at(out), at(x), at(filter)];
  const parts = callLists(pool, batch);
  const bounds = splitByCost(batch, parts.length);
  parts.forEach((part, p) => {
    for (let b = bounds[p]!; b < bounds[p + 1]!; b++) {
      for (let i = 0; i < kh; i++) {
        // Output rows whose input row h + i − top lies in the image.
        const r0 = Math.max(0, top - i);
        const r1 = Math.min(oh, h + top - i);
        if (r1 <= r0) continue;
        for (let j = 0; j < kw; j++) {
          const c0 = Math.max(0, left - j);
          const c1 = Math.min(ow, w + left - j);
          if (c1 <= c0) continue;
          part.push(
            POOL_KERNEL.inputTap,
            yAt + ((b * oh + r0) * ow + c0) * co * 4,
            xAt + ((b * h + r0 + i - top) * w + c0 + j - left) * ci * 4,
            wAt + (i * kw + j) * ci * co * 4,
            r1 - r0, c1 - c0, co / TAP_COLUMNS, ci, ow * co * 4, co * 4, w * ci * 4, ci * 4, co * 4,
          );
        }
      }
    }
  });
  runParts(pool, parts);
  return out;
}
