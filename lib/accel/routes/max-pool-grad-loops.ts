/**
 * The max-pool gradient as JavaScript loops over the heap, for the shapes ../simd/max-pool-grad
 * does not take: each dy goes to the first maximum of its window (row-major, padding excluded), as
 * the `cpu` backend and TensorFlow do; a window of NaNs routes nothing.
 */
import type * as tf from '@tensorflow/tfjs';

/** Any window, stride and padding: a running maximum per channel, all channels of a cell at a time. */
export function maxPoolGradLoop(
  xs: Float32Array,
  dys: Float32Array,
  dx: Float32Array,
  info: tf.backend_util.Conv2DInfo,
): void {
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth } = info;
  const { strideHeight, strideWidth, effectiveFilterHeight: fh, effectiveFilterWidth: fw } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  dx.fill(0);
  const best = new Float32Array(channels);
  const where = new Int32Array(channels);

  for (let b = 0; b < batchSize; b++) {
    const xBatch = b * inHeight * inWidth * channels;
    for (let oh = 0; oh < outHeight; oh++) {
      const rowStart = oh * strideHeight - top;
      const r0 = Math.max(0, rowStart);
      const r1 = Math.min(inHeight, rowStart + fh);
      for (let ow = 0; ow < outWidth; ow++) {
        const colStart = ow * strideWidth - left;
        const c0 = Math.max(0, colStart);
        const c1 = Math.min(inWidth, colStart + fw);
        best.fill(-Infinity);
        where.fill(-1);
        for (let r = r0; r < r1; r++) {
          for (let col = c0; col < c1; col++) {
            const base = xBatch + (r * inWidth + col) * channels;
            for (let c = 0; c < channels; c++) {
              const v = xs[base + c]!;
              if (v > best[c]!) {
                best[c] = v;
                where[c] = base + c;
              }
            }
          }
        }
        const dyBase = ((b * outHeight + oh) * outWidth + ow) * channels;
        for (let c = 0; c < channels; c++) {
          const at = where[c]!;
          if (at >= 0) dx[at]! += dys[dyBase + c]!;
        }
      }
    }
  }
}

/**
 * The book's pooling (2×2 windows, stride 2, no padding before; SAME only pads after an odd side):
 * windows do not overlap, so each input cell is written once, with its window's dy where it is
 * the window's first maximum and 0 elsewhere, and no running-maximum arrays are needed.
 */
export function maxPoolGrad2x2(
  xs: Float32Array,
  dys: Float32Array,
  dx: Float32Array,
  batchSize: number,
  inHeight: number,
  inWidth: number,
  channels: number,
  outHeight: number,
  outWidth: number,
): void {
  const rowStride = inWidth * channels;
  // Cells no window covers (VALID with an odd side) get 0.
  if (2 * outHeight > inHeight || 2 * outWidth > inWidth || 2 * outHeight < inHeight || 2 * outWidth < inWidth)
    dx.fill(0);
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      const r0 = 2 * oh;
      const hasRow1 = r0 + 1 < inHeight;
      for (let ow = 0; ow < outWidth; ow++) {
        const c0 = 2 * ow;
        const hasCol1 = c0 + 1 < inWidth;
        const p00 = ((b * inHeight + r0) * inWidth + c0) * channels;
        const p01 = p00 + channels;
        const p10 = p00 + rowStride;
        const p11 = p10 + channels;
        const d = ((b * outHeight + oh) * outWidth + ow) * channels;
        for (let c = 0; c < channels; c++) {
          // Row-major order, strict >: the first maximum wins; NaNs never win, so an all-NaN
          // window routes nothing (as the cpu backend).
          let best = -Infinity;
          let at = -1;
          const v00 = xs[p00 + c]!;
          if (v00 > best) {
            best = v00;
            at = 0;
          }
          const v01 = hasCol1 ? xs[p01 + c]! : NaN;
          if (v01 > best) {
            best = v01;
            at = 1;
          }
          const v10 = hasRow1 ? xs[p10 + c]! : NaN;
          if (v10 > best) {
            best = v10;
            at = 2;
          }
          const v11 = hasRow1 && hasCol1 ? xs[p11 + c]! : NaN;
          if (v11 > best) {
            best = v11;
            at = 3;
          }
          const g = dys[d + c]!;
          dx[p00 + c] = at === 0 ? g : 0;
          if (hasCol1) dx[p01 + c] = at === 1 ? g : 0;
          if (hasRow1) dx[p10 + c] = at === 2 ? g : 0;
          if (hasRow1 && hasCol1) dx[p11 + c] = at === 3 ? g : 0;
        }
      }
    }
  }
}
