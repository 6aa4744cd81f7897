/**
 * The stride-1 convolution of one-channel images (the networks' first layer) as
 * ../simd/conv-one-channel on the pool: threads take disjoint ranges of images, and copy each into
 * a zero-padded block before its tiles read it. A bias and a relu can ride along in the tiles' output
 * pass (for FusedConv2D).
 */
import type * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { addressOf, dispose, heapF32, zeros } from '../kernel_utils';
import { clearedOutput, POOL_KERNEL, runSplit } from '../pool/kernel-table';
import type { SimdPool } from '../pool/simd-pool';

/** Output channels per tile, and output pixels per tile (a row needs at least that many). */
const TILE_COLUMNS = 8;
const TILE_PIXELS = 4;

/** Whether the route takes a convolution of this geometry. */
export function oneChannelConvFits(info: tf.backend_util.Conv2DInfo): boolean {
  return (
    info.inChannels === 1 &&
    info.strideHeight === 1 &&
    info.strideWidth === 1 &&
    info.dilationHeight === 1 &&
    info.dilationWidth === 1 &&
    info.outChannels % TILE_COLUMNS === 0 &&
    info.outWidth >= TILE_PIXELS &&
    info.outHeight >= 1 &&
    info.batchSize >= 1
  );
}

/** y = act(conv(x, filter) + bias) for a geometry oneChannelConvFits takes; bias null adds nothing. */
export function oneChannelConv2D(
  backend: BackendWasm,
  pool: SimdPool,
  x: TensorInfo,
  filter: TensorInfo,
  info: tf.backend_util.Conv2DInfo,
  bias: TensorInfo | null,
  relu: boolean,
): TensorInfo {
  const { batchSize, inHeight, inWidth, outHeight, outWidth, outChannels, filterHeight, filterWidth } = info;
  const [paddedHeight, paddedWidth] = [outHeight + filterHeight - 1, outWidth + filterWidth - 1];
  const { top, left } = info.padInfo;
  const padded = clearedOutput(backend, pool, [batchSize * paddedHeight * paddedWidth]);
  const noBias = bias ? null : zeros(backend, [outChannels]);
  const out = backend.makeOutput([batchSize, outHeight, outWidth, outChannels], 'float32');
  // Rows of sixteen-byte groups are copied into the padded block by each image's own chunk.
  const copyOnPool = inWidth % 4 === 0;
  if (!copyOnPool) {
    const [xs, xp] = [heapF32(backend, x), heapF32(backend, padded)];
    for (let b = 0; b < batchSize; b++) {
      for (let r = 0; r < inHeight; r++) {
        const from = (b * inHeight + r) * inWidth;
        xp.set(xs.subarray(from, from + inWidth), (b * paddedHeight + r + top) * paddedWidth + left);
      }
    }
  }
  const [xAt, wAt, yAt, biasAt, sourceAt] = [padded, filter, out, bias ?? noBias!, x].map((t) =>
    addressOf(backend, t),
  ) as [number, number, number, number, number];
  const kernel = relu ? POOL_KERNEL.convOneChannelRelu : POOL_KERNEL.convOneChannel;
  const image = paddedHeight * paddedWidth * 4;
  runSplit(pool, batchSize, (part, from, to) => {
    for (let b = from; b < to; b++) {
      if (copyOnPool) {
        const target = xAt + b * image + (top * paddedWidth + left) * 4;
        const rowBytes = inWidth * 4;
        part.push(
          POOL_KERNEL.copyRows,
          sourceAt + b * inHeight * rowBytes,
          target,
          inHeight,
          rowBytes,
          rowBytes,
          paddedWidth * 4,
        );
      }
      part.push(
        kernel,
        xAt + b * image,
        wAt,
        yAt + b * outHeight * outWidth * outChannels * 4,
        outHeight,
        outWidth,
        filterHeight,
        filterWidth,
        paddedWidth * 4,
        outChannels / TILE_COLUMNS,
        outChannels * 4,
        biasAt,
      );
    }
  });
  dispose(backend, padded);
  if (noBias) dispose(backend, noBias);
  return out;
}
