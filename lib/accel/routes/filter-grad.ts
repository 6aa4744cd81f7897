/**
 * The routes of the convolution filter gradient
 *
 *   dW[kh,kw,ci,co] = Σ_{b,oh,ow} x[b, oh·s+kh−top, ow·s+kw−left, ci] · dy[b,oh,ow,co]:
 *
 * SIMD filter-tile sums for stride 1 (`simdFilterGrad`); for few input channels one product of the
 * transposed im2col matrix with dy (`im2colFilterGrad`); otherwise a forward XNNPACK convolution in
 * which the input channels play the batch, the batch plays the channels, dy is the filter and the
 * stride becomes a dilation (`filterGradByConvolution`).
 */
import type * as tf from '@tensorflow/tfjs';
import { Slice, type SliceAttrs, type TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { addressOf, dispose, heapF32, reshape, runStock, transpose, xnnpackConv2D } from '../kernel_utils';
import { POOL_KERNEL, runSplit, simdPoolOf } from '../pool/kernel-table';
import { xnnpackMatMul } from './xnnpack-products';

/**
 * Stride 1, out channels in eights: the filter gradient summed by the SIMD tiles of
 * ../simd/filter-tile, in a fixed order (image by image, so that one image's x and dy stay in cache
 * while every tap and tile reads them).
 *
 * In channels in fours: per image and tap (kh, kw), the rectangle of output pixels whose input
 * pixel lies inside the image, so no product with padding is computed; the tile's four x lanes
 * are four channels. Other in-channel counts (the first layer's one): x copied into a zero-padded
 * image first, and per image and filter row kh one call over all output pixels whose four x lanes
 * are four consecutive (kw, ci) rows of dW (x's address is linear in kw·CI + ci); rows past
 * KW·CI read neighbouring values (or 4 floats of slack) into accumulator rows that are dropped.
 * Null where this engine has no WebAssembly SIMD.
 */
export function simdFilterGrad(
  backend: BackendWasm,
  x: TensorInfo,
  dy: TensorInfo,
  info: tf.backend_util.Conv2DInfo,
  filterShape: [number, number, number, number],
): TensorInfo | null {
  const pool = simdPoolOf(backend);
  if (!pool) return null;
  const {
    batchSize: batch,
    inHeight: h,
    inWidth: w,
    inChannels: ci,
    outHeight: oh,
    outWidth: ow,
    outChannels: co,
  } = info;
  const { filterHeight: kh, filterWidth: kw } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const at = (t: TensorInfo) => addressOf(backend, t);
  const coGroups = co / 8;
  const dyPix = co * 4;
  const dyRow = ow * dyPix;
  // Threads take disjoint ranges of out-channel groups (columns of dW); each still sums its
  // columns image by image, so the bits do not depend on the thread count.
  const out = backend.makeOutput(filterShape, 'float32');
  if (ci % 4 === 0) {
    heapF32(backend, out).fill(0);
    const [xAt, dyAt, outAt] = [at(x), at(dy), at(out)];
    runSplit(pool, coGroups, (part, o0, o1) => {
      for (let b = 0; b < batch; b++) {
        for (let i = 0; i < kh; i++) {
          const oh0 = Math.max(0, top - i);
          const oh1 = Math.min(oh, h + top - i);
          if (oh1 <= oh0) continue;
          for (let j = 0; j < kw; j++) {
            const ow0 = Math.max(0, left - j);
            const ow1 = Math.min(ow, w + left - j);
            if (ow1 <= ow0) continue;
            part.push(
              POOL_KERNEL.filterTile,
              xAt + ((b * h + oh0 + i - top) * w + ow0 + j - left) * ci * 4,
              dyAt + ((b * oh + oh0) * ow + ow0) * dyPix + 32 * o0,
              outAt + (i * kw + j) * ci * dyPix + 32 * o0,
              oh1 - oh0,
              ow1 - ow0,
              ci / 4,
              o1 - o0,
              w * ci * 4,
              ci * 4,
              dyRow,
              dyPix,
              dyPix,
            );
          }
        }
      }
    });
    return out;
  }
  const ph = oh + kh - 1;
  const pw = ow + kw - 1;
  const rowLength = kw * ci;
  const groups = Math.ceil(rowLength / 4);
  const padded = backend.makeOutput([batch * ph * pw * ci + 4], 'float32');
  const scratch = backend.makeOutput([kh * 4 * groups * co], 'float32');
  const xs = heapF32(backend, x);
  const xp = heapF32(backend, padded).fill(0);
  heapF32(backend, scratch).fill(0);
  const c0 = Math.max(0, left);
  const c1 = Math.min(pw, w + left);
  for (let b = 0; b < batch; b++) {
    for (let r = 0; r < ph; r++) {
      const source = r - top;
      if (source < 0 || source >= h || c1 <= c0) continue;
      const from = ((b * h + source) * w + c0 - left) * ci;
      xp.set(xs.subarray(from, from + (c1 - c0) * ci), ((b * ph + r) * pw + c0) * ci);
    }
  }
  const [xpAt, dyAt, scratchAt] = [at(padded), at(dy), at(scratch)];
  runSplit(pool, coGroups, (part, o0, o1) => {
    for (let b = 0; b < batch; b++) {
      for (let i = 0; i < kh; i++) {
        part.push(
          POOL_KERNEL.filterTile,
          xpAt + (b * ph + i) * pw * ci * 4,
          dyAt + b * oh * dyRow + 32 * o0,
          scratchAt + i * 4 * groups * dyPix + 32 * o0,
          oh,
          ow,
          groups,
          o1 - o0,
          pw * ci * 4,
          ci * 4,
          dyRow,
          dyPix,
          dyPix,
        );
      }
    }
  });
  const sums = heapF32(backend, scratch);
  const dw = heapF32(backend, out);
  for (let i = 0; i < kh; i++) {
    const from = i * 4 * groups * co;
    dw.set(sums.subarray(from, from + rowLength * co), i * rowLength * co);
  }
  dispose(backend, padded, scratch);
  return out;
}

/**
 * conv(xᵀ[ci,H,W,b], dyᵀ[oh,ow,b,co], dilation s) = out[ci,kh,kw,co], then dW = outᵀ; needs
 * non-negative top and left padding.
 */
export function filterGradByConvolution(
  backend: BackendWasm,
  x: TensorInfo,
  dy: TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): TensorInfo {
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw, inHeight: h, inWidth: w } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  // Rows (columns) of the padded input past the last one any output reads are not needed.
  const bottom = kh + (info.outHeight - 1) * sh - h - top;
  const right = kw + (info.outWidth - 1) * sw - w - left;
  const xT = transpose(backend, x, [3, 1, 2, 0]);
  const dyT = transpose(backend, dy, [1, 2, 0, 3]);
  const grown = xnnpackConv2D(backend, xT, dyT, [top, Math.max(0, bottom), left, Math.max(0, right)], [sh, sw]);
  dispose(backend, xT, dyT);
  let cropped = grown;
  if (grown.shape[1] !== kh || grown.shape[2] !== kw) {
    cropped = runStock<SliceAttrs>(Slice, backend, { x: grown }, { begin: [0, 0, 0, 0], size: [-1, kh, kw, -1] });
    dispose(backend, grown);
  }
  const dw = transpose(backend, cropped, [1, 2, 0, 3]);
  dispose(backend, cropped);
  return dw;
}

/** dW[(kh,kw,ci), co] = Pᵀ · dy[(b,oh,ow), co], with Pᵀ the transposed im2col matrix of x (any padding). */
export function im2colFilterGrad(
  backend: BackendWasm,
  x: TensorInfo,
  dy: TensorInfo,
  info: tf.backend_util.Conv2DInfo,
  filterShape: [number, number, number, number],
): TensorInfo {
  const rows = info.filterHeight * info.filterWidth * info.inChannels;
  const columns = info.batchSize * info.outHeight * info.outWidth;
  const patches = im2colTransposed(backend, x, info, rows, columns);
  const dy2 = reshape(backend, dy, [columns, info.outChannels]);
  const product = xnnpackMatMul(backend, patches, dy2);
  dispose(backend, patches, dy2);
  const dw = reshape(backend, product, filterShape);
  dispose(backend, product);
  return dw;
}

/** Pᵀ[(kh,kw,ci), (b,oh,ow)] = x[b, oh·s+kh−top, ow·s+kw−left, ci], or 0 outside the image. */
function im2colTransposed(
  backend: BackendWasm,
  x: TensorInfo,
  info: tf.backend_util.Conv2DInfo,
  rows: number,
  columns: number,
): TensorInfo {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const out = backend.makeOutput([rows, columns], 'float32');
  const xs = heapF32(backend, x);
  const p = heapF32(backend, out);
  const rowStride = inWidth * inChannels;
  const batchStride = inHeight * rowStride;
  const colStep = strideWidth * inChannels;
  // Loop order keeps one image row's [width, channels] block in L1 while it is spread over rows.
  for (let fh = 0; fh < filterHeight; fh++) {
    for (let fw = 0; fw < filterWidth; fw++) {
      // Output columns whose input column lies inside the image, the same for every row and batch.
      const owFirst = Math.max(0, Math.ceil((left - fw) / strideWidth));
      const owEnd = Math.min(outWidth, Math.floor((inWidth - 1 + left - fw) / strideWidth) + 1);
      const rowBase = (fh * filterWidth + fw) * inChannels;
      for (let b = 0; b < batchSize; b++) {
        for (let oh = 0; oh < outHeight; oh++) {
          const ih = oh * strideHeight + fh - top;
          const column = (b * outHeight + oh) * outWidth;
          const inside = ih >= 0 && ih < inHeight && owEnd > owFirst;
          const source = b * batchStride + ih * rowStride + (owFirst * strideWidth + fw - left) * inChannels;
          for (let ci = 0; ci < inChannels; ci++) {
            const at = (rowBase + ci) * columns + column;
            if (!inside) {
              p.fill(0, at, at + outWidth);
              continue;
            }
            if (owFirst > 0) p.fill(0, at, at + owFirst);
            let from = source + ci;
            for (let ow = owFirst; ow < owEnd; ow++) {
              p[at + ow] = xs[from]!;
              from += colStep;
            }
            if (owEnd < outWidth) p.fill(0, at + owEnd, at + outWidth);
          }
        }
      }
    }
  }
  return out;
}
