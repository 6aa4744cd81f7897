/**
 * The forward stride-1 convolution of chapter 5's second layer as WebAssembly SIMD on the pool's
 * threads (./simd-pool), where XNNPACK multiplies padding: with SAME padding a 5×5 filter on a
 * 14×14 image reaches outside it for 16% of its products.
 *
 * y[b,h,w,:] = Σ_{kh,kw} x[b, h+kh−top, w+kw−left, :] · W[kh,kw]  (W[kh,kw] a [ci, co] matrix)
 *
 * is, per image and filter tap, ./gemm-simd's product over the rectangle of output pixels whose
 * input pixel lies inside the image: out[pixel, :] += in[pixel, :]·W[kh,kw] in tiles of four pixels
 * of an image row × eight output channels, reading W where it lies. Taps add in order, and threads
 * take disjoint ranges of images, so results do not depend on the number of threads.
 */
import type * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { CallList, SimdPool } from './parallel';
import { POOL_KERNEL, runSplit, simdPoolOf } from './simd-pool';

/** Output channels per tile (two v128 sums per pixel). */
const TILE_COLUMNS = 8;
/** Pixels per tile; the pixels of a rectangle row left over go through one-pixel tiles. */
const TILE_PIXELS = 4;
/**
 * Below this many input channels a tap is too short to pay for its call (the first layer's single
 * channel: one product per output pixel and call); XNNPACK keeps those.
 */
export const MIN_SIMD_CONV_IN_CHANNELS = 8;

/** One gemm product over a rectangle of pixels (byte addresses and strides; see ./gemm-simd). */
export interface PixelRectangle {
  a: number;
  b: number;
  c: number;
  /** Pixels per rectangle row, rectangle rows. */
  pixels: number;
  rectRows: number;
  /** Groups of eight columns of B and C; rows of B. */
  octets: number;
  depth: number;
  aPixelBytes: number;
  bRowBytes: number;
  cPixelBytes: number;
  aRectRowBytes: number;
  cRectRowBytes: number;
}

/** Appends the calls computing c += a·b over the rectangle: its pixels in fours, then the rest. */
export function pushRectangle(part: CallList, r: PixelRectangle): void {
  const quads = r.pixels - (r.pixels % TILE_PIXELS);
  const strides = [
    r.depth,
    r.aPixelBytes,
    r.bRowBytes,
    r.cPixelBytes,
    r.rectRows,
    r.aRectRowBytes,
    r.cRectRowBytes,
  ] as const;
  if (quads > 0) part.push(POOL_KERNEL.gemmQuads, r.a, r.b, r.c, quads, r.octets, ...strides);
  if (quads < r.pixels) {
    part.push(
      POOL_KERNEL.gemmRows,
      r.a + quads * r.aPixelBytes,
      r.b,
      r.c + quads * r.cPixelBytes,
      r.pixels - quads,
      r.octets,
      ...strides,
    );
  }
}

/** Whether `simdConv2D` takes a convolution of this geometry. */
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

/** y = conv(x, filter) for float32 NHWC tensors, or null where it does not fit or there is no SIMD. */
export function simdConv2D(
  backend: BackendWasm,
  x: TensorInfo,
  filter: TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): TensorInfo | null {
  if (!simdConv2DFits(info)) return null;
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
  const out = backend.makeOutput([batch, oh, ow, co], 'float32');
  (backend.typedArrayFromHeap(out) as Float32Array).fill(0);
  const at = (t: TensorInfo) => backend.getMemoryOffset(t.dataId);
  correlateTaps(pool, {
    batch,
    out: at(out),
    outHeight: oh,
    outWidth: ow,
    outChannels: co,
    input: at(x),
    inHeight: h,
    inWidth: w,
    inChannels: ci,
    matrices: at(filter),
    filterHeight: kh,
    filterWidth: kw,
    // Output pixel (r, c) reads input pixel (r + i − top, c + j − left) through tap (i, j).
    offset: (i, j) => [i - top, j - left],
  });
  return out;
}

/**
 * out[b, r, c, :] += in[b, r + dr, c + dc, :] · M[i, j] for every filter tap (i, j) with its offset
 * (dr, dc), over the pixels where both exist: a stride-1 convolution (and, with the filter turned
 * around, its input gradient). M[i, j] is an [inChannels, outChannels] matrix at
 * matrices + (i·filterWidth + j)·inChannels·outChannels floats; out must be cleared or hold what
 * the sums add to. Threads take disjoint ranges of images; each image's taps add in order.
 */
export interface TapCorrelation {
  batch: number;
  out: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  input: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  matrices: number;
  filterHeight: number;
  filterWidth: number;
  offset: (i: number, j: number) => [number, number];
}

export function correlateTaps(pool: SimdPool, t: TapCorrelation): void {
  const { batch, outHeight: oh, outWidth: ow, outChannels: co, inHeight: h, inWidth: w, inChannels: ci } = t;
  runSplit(pool, batch, (part, from, to) => {
    for (let b = from; b < to; b++) {
      for (let i = 0; i < t.filterHeight; i++) {
        for (let j = 0; j < t.filterWidth; j++) {
          const [dr, dc] = t.offset(i, j);
          // Output pixels whose input pixel lies in the image.
          const [r0, r1] = [Math.max(0, -dr), Math.min(oh, h - dr)];
          const [c0, c1] = [Math.max(0, -dc), Math.min(ow, w - dc)];
          if (r1 <= r0 || c1 <= c0) continue;
          pushRectangle(part, {
            a: t.input + ((b * h + r0 + dr) * w + c0 + dc) * ci * 4,
            b: t.matrices + (i * t.filterWidth + j) * ci * co * 4,
            c: t.out + ((b * oh + r0) * ow + c0) * co * 4,
            pixels: c1 - c0,
            rectRows: r1 - r0,
            octets: co / TILE_COLUMNS,
            depth: ci,
            aPixelBytes: ci * 4,
            bRowBytes: co * 4,
            cPixelBytes: co * 4,
            aRectRowBytes: w * ci * 4,
            cRectRowBytes: ow * co * 4,
          });
        }
      }
    }
  });
}
