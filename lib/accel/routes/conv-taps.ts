/**
 * Stride-1 convolutions as sums over filter taps of ../simd/gemm products, where XNNPACK multiplies
 * padding: with SAME padding a 5×5 filter on a 14×14 image reaches outside it for 16% of its
 * products. Per image and filter tap, the product runs over the rectangle of output pixels whose
 * input pixel lies inside the image, in tiles of four pixels of an image row × eight channels,
 * reading the tap's channel matrix where it lies. Taps add in order, and threads take disjoint
 * ranges of images, so results do not depend on the number of threads.
 *
 * The forward convolution (../kernels/Conv2D) and, with the filter's channels swapped, the input
 * gradient (../kernels/Conv2DBackpropInput) are both such sums.
 */
import { accelOptions } from '../options';
import { POOL_KERNEL, runSplit } from '../pool/kernel-table';
import type { CallList, SimdPool } from '../pool/simd-pool';

/** Output channels per tile (two v128 sums per pixel). */
export const TILE_COLUMNS = 8;
/** Pixels per tile; the pixels of a rectangle row left over go through two- and one-pixel tiles. */
const TILE_PIXELS = 4;
/** One gemm product over a rectangle of pixels (byte addresses and strides; see ../simd/gemm). */
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
  const pairs = accelOptions.routes.pairTiles ? r.pixels - (r.pixels % 2) : quads;
  const strides = [
    r.depth,
    r.aPixelBytes,
    r.bRowBytes,
    r.cPixelBytes,
    r.rectRows,
    r.aRectRowBytes,
    r.cRectRowBytes,
  ] as const;
  // Fours, then a pair (two or three left), then one: single-pixel tiles run at half the speed.
  const tiles = (kernel: number, from: number, to: number) => {
    if (to > from)
      part.push(kernel, r.a + from * r.aPixelBytes, r.b, r.c + from * r.cPixelBytes, to - from, r.octets, ...strides);
  };
  tiles(POOL_KERNEL.gemmQuads, 0, quads);
  tiles(POOL_KERNEL.gemmPairs, quads, pairs);
  tiles(POOL_KERNEL.gemmRows, pairs, r.pixels);
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
