/**
 * Training kernels for the `wasm` backend of TensorFlow.js 4.22.
 *
 * Also faster forms of kernels a training step calls often: `Identity`/`Cast` without a copy,
 * `Sum` over leading axes without a transpose (as float64 SIMD column sums, ./sum-simd),
 * `_FusedMatMul` through the products below, a SIMD 2×2 max-pool gradient (./maxpool-grad-simd),
 * stride-1 convolution gradients as WebAssembly SIMD tiles (./conv-grad-simd, ./gemm-simd), the
 * forward stride-1 `Conv2D` of layers with eights of out channels (./conv2d), and the dense
 * layers' products A·B, A·Bᵀ and Aᵀ·B without touching the weights' layout (./matmul). The SIMD kernels run on every core through a pool of
 * worker threads sharing the backend's memory (./simd-pool, ./parallel). `KERNEL_OPTIONS` switches
 * each off for benchmarks (lib/wasm/bench-variants.ts, lib/wasm/bench-conv-grads.ts).
 *
 * The stock backend has no `Conv2DBackpropFilter`, a naive `Conv2DBackpropInput` (slow, and wrong
 * for strides above 1 with padding), a `MaxPoolGrad` that is wrong whenever a whole window is ≤ 0
 * (its running maximum starts at the smallest positive float), and a `BatchMatMul` whose transposed
 * forms fall back to a naive triple loop. Each kernel here is composed from the backend's fast
 * XNNPACK forward kernels (`Conv2D`, the untransposed `BatchMatMul`) plus transposes, or written in
 * plain JavaScript on the wasm heap where that is faster; every shape the fast route cannot take goes
 * to a direct (slow, exact) loop instead, never to a wrong answer.
 *
 * Kernels call other kernels' functions directly (as the backend's own kernels do), so intermediate
 * results are bare TensorInfos that this file disposes itself through `backend.disposeData`.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { wasmBackendMemory } from '../kernels/tf1-adam-simd';
import { correlateTaps, simdConv2D } from './conv2d';
import { simdProduct } from './matmul';
import { POOL_KERNEL, runSplit, simdPoolOf } from './simd-pool';
import { wasmThreadCount } from './threads';
import { simdMaxPoolGrad2x2For } from './maxpool-grad-simd';

const { backend_util } = tf;

/** Marks the kernel functions of this file, so that registration can tell them from stock ones. */
export const TRAINING_KERNEL_MARK = Symbol.for('tfjs-katas/wasm-training-kernel');
/** Where the stock kernels replaced here are kept; global because tfjs's kernel registry is global. */
const STOCK_KERNELS = Symbol.for('tfjs-katas/wasm-stock-kernels');

type Stock = Map<string, KernelFunc>;

function stockKernels(): Stock {
  const holder = globalThis as unknown as Record<symbol, Stock | undefined>;
  holder[STOCK_KERNELS] ??= new Map();
  return holder[STOCK_KERNELS];
}

/** Remembers the kernel registered before ours for `kernelName`, unless it is one of ours. */
export function rememberStockKernel(kernelName: string): void {
  const existing = tf.getKernel(kernelName, 'wasm');
  if (existing && !isTrainingKernel(existing.kernelFunc)) stockKernels().set(kernelName, existing.kernelFunc);
}

export function isTrainingKernel(kernelFunc: KernelFunc): boolean {
  return (kernelFunc as unknown as Record<symbol, unknown>)[TRAINING_KERNEL_MARK] === true;
}

function mark(kernelFunc: KernelFunc): KernelFunc {
  (kernelFunc as unknown as Record<symbol, unknown>)[TRAINING_KERNEL_MARK] = true;
  return kernelFunc;
}

/**
 * Switches for the optimisations below, so that a benchmark can compare each against the route it
 * replaced in one process (lib/wasm/bench-step.ts). All on by default; correctness does not
 * depend on them.
 */
export const KERNEL_OPTIONS = {
  /** MaxPoolGrad: the non-overlapping 2×2/2 loop instead of the general one. */
  maxPoolGrad2x2: true,
  /** …and, for even sides and channels in fours, that loop as WebAssembly SIMD (./maxpool-grad-simd). */
  simdMaxPoolGrad: true,
  /** BatchMatMul: count XNNPACK's packing of fresh right operands when choosing A·B or (Bᵀ·Aᵀ)ᵀ. */
  packAwareMatMul: true,
  /** Identity and same-dtype Cast share the input's buffer instead of copying it. */
  shareIdentity: true,
  /** Sum over leading axes without the stock kernel's transpose. */
  leadingAxesSum: true,
  /** Conv2DBackpropFilter: stride 1, float32 NHWC, out channels in eights, as WebAssembly SIMD (./conv-grad-simd). */
  simdConvFilterGrad: true,
  /** Conv2DBackpropInput: stride 1, in channels in eights, as ./gemm-simd's tiles per filter tap. */
  simdConvInputGrad: true,
  /** Sum over leading axes: the float64 column sums as WebAssembly SIMD on threads (./sum-simd). */
  simdSum: true,
  /** Conv2D: stride 1, out channels in eights, 8+ in channels, as ./gemm-simd's tiles on threads (./conv2d). */
  simdConv2D: true,
  /** BatchMatMul: unbatched A·B, A·Bᵀ and Aᵀ·B as WebAssembly SIMD on threads (./matmul), the weights read where they lie. */
  simdMatMul: true,
};

/** Runs another wasm kernel by name; the stock one where ours replaced it. */
function run(name: string, backend: BackendWasm, inputs: NamedTensorInfoMap, attrs: NamedAttrMap = {}): TensorInfo {
  const stock = stockKernels().get(name);
  const kernelFunc = stock ?? tf.getKernel(name, 'wasm')?.kernelFunc;
  if (!kernelFunc || isTrainingKernel(kernelFunc)) {
    throw new Error(
      `The wasm backend's own '${name}' kernel is not available (register the training kernels after the wasm backend loads)`,
    );
  }
  return kernelFunc({ inputs, backend, attrs }) as TensorInfo;
}

function dispose(backend: BackendWasm, ...infos: TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

function transpose(backend: BackendWasm, x: TensorInfo, perm: number[]): TensorInfo {
  return run('Transpose', backend, { x }, { perm });
}

function reshape(backend: BackendWasm, x: TensorInfo, shape: number[]): TensorInfo {
  return run('Reshape', backend, { x }, { shape });
}

function f32(backend: BackendWasm, info: TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(info) as Float32Array;
}

/** Forward NHWC convolution through XNNPACK with explicit padding `[top, bottom, left, right]`. */
function conv2d(
  backend: BackendWasm,
  x: TensorInfo,
  filter: TensorInfo,
  pads: [number, number, number, number],
  dilations: [number, number] = [1, 1],
): TensorInfo {
  const [top, bottom, left, right] = pads;
  return run('Conv2D', backend, { x, filter }, {
    strides: [1, 1],
    pad: [
      [0, 0],
      [top, bottom],
      [left, right],
      [0, 0],
    ],
    dataFormat: 'NHWC',
    dilations,
    dimRoundingMode: undefined as unknown as string,
  } as unknown as NamedAttrMap);
}

function assertFloatNhwc(kernel: string, dataFormat: string, ...infos: TensorInfo[]): void {
  if (dataFormat !== 'channelsLast') {
    throw new Error(`${kernel} on wasm supports NHWC (channelsLast) only, got ${dataFormat}`);
  }
  for (const info of infos) {
    if (info.dtype !== 'float32') throw new Error(`${kernel} on wasm supports float32 only, got ${info.dtype}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Conv2D

/** The forward convolution: ./conv2d's SIMD taps where they fit, XNNPACK's otherwise. */
function conv2D(args: { inputs: NamedTensorInfoMap; backend: unknown; attrs: NamedAttrMap }): TensorInfo {
  const backend = args.backend as BackendWasm;
  const { x, filter } = args.inputs as { x: TensorInfo; filter: TensorInfo };
  const attrs = args.attrs as unknown as ConvGradAttrs & { dilations: number | [number, number] };
  const dataFormat = backend_util.convertConv2DDataFormat(attrs.dataFormat);
  if (
    KERNEL_OPTIONS.simdConv2D &&
    dataFormat === 'channelsLast' &&
    x.dtype === 'float32' &&
    filter.dtype === 'float32' &&
    x.shape.length === 4
  ) {
    const info = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filter.shape as [number, number, number, number],
      attrs.strides,
      attrs.dilations,
      attrs.pad,
      attrs.dimRoundingMode,
      false,
      dataFormat,
    );
    const y = simdConv2D(backend, x, filter, info);
    if (y) return y;
  }
  return run('Conv2D', backend, args.inputs, args.attrs);
}

// ---------------------------------------------------------------------------------------------
// Conv2DBackpropFilter

interface ConvGradAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/**
 * Below this many input channels the filter gradient goes through im2col, above through a
 * transposed convolution. With one channel (the first layer of both networks) im2col is ~5× faster
 * (XNNPACK's convolution is slow with 25 output pixels and the batch as channels); with 32 the
 * 31 MB im2col matrix costs more than it saves.
 */
export const IM2COL_MAX_CHANNELS = 8;

/**
 * dW[kh,kw,ci,co] = Σ_{b,oh,ow} x[b, oh·s+kh−top, ow·s+kw−left, ci] · dy[b,oh,ow,co].
 *
 * Few input channels: one matrix product dW[(kh,kw,ci), co] = Pᵀ · dy[(b,oh,ow), co], with Pᵀ the
 * transposed im2col matrix of x written here in JavaScript (zeros where a window leaves the image).
 * Otherwise a forward convolution in which the input channels play the batch, the batch plays the
 * channels, dy is the filter and the stride becomes a dilation:
 * conv(xᵀ[ci,H,W,b], dyᵀ[oh,ow,b,co], dilation s) = out[ci,kh,kw,co]. im2col takes any padding.
 */
function conv2DBackpropFilter(args: { inputs: NamedTensorInfoMap; backend: unknown; attrs: NamedAttrMap }): TensorInfo {
  const backend = args.backend as BackendWasm;
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  const attrs = args.attrs as unknown as ConvGradAttrs & { filterShape: [number, number, number, number] };
  const dataFormat = backend_util.convertConv2DDataFormat(attrs.dataFormat);
  assertFloatNhwc('Conv2DBackpropFilter', dataFormat, x, dy);
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    dataFormat,
  );
  const { filterHeight, filterWidth, inChannels, outChannels } = info;
  const rows = filterHeight * filterWidth * inChannels;
  const columns = info.batchSize * info.outHeight * info.outWidth;
  if (rows === 0 || columns === 0 || outChannels === 0) {
    const zeros = backend.makeOutput(attrs.filterShape, 'float32');
    f32(backend, zeros).fill(0);
    return zeros;
  }
  if (KERNEL_OPTIONS.simdConvFilterGrad && info.strideHeight === 1 && info.strideWidth === 1 && outChannels % 8 === 0) {
    const dw = simdFilterGrad(backend, x, dy, info, attrs.filterShape);
    if (dw) return dw;
  }
  if (inChannels >= IM2COL_MAX_CHANNELS && info.padInfo.top >= 0 && info.padInfo.left >= 0) {
    return filterGradByConvolution(backend, x, dy, info);
  }
  const patches = im2colTransposed(backend, x, info, rows, columns);
  const dy2 = reshape(backend, dy, [columns, outChannels]);
  const product = matMul2d(backend, patches, dy2);
  dispose(backend, patches, dy2);
  const dw = reshape(backend, product, attrs.filterShape);
  dispose(backend, product);
  return dw;
}

/**
 * Stride 1, out channels in eights: the filter gradient summed by the SIMD tiles of
 * ./conv-grad-simd, in a fixed order (image by image, so that one image's x and dy stay in cache
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
function simdFilterGrad(
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
  const at = (t: TensorInfo) => backend.getMemoryOffset(t.dataId);
  const coGroups = co / 8;
  const dyPix = co * 4;
  const dyRow = ow * dyPix;
  // Threads take disjoint ranges of out-channel groups (columns of dW); each still sums its
  // columns image by image, so the bits do not depend on the thread count.
  const out = backend.makeOutput(filterShape, 'float32');
  if (ci % 4 === 0) {
    f32(backend, out).fill(0);
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
  const xs = f32(backend, x);
  const xp = f32(backend, padded).fill(0);
  f32(backend, scratch).fill(0);
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
  const sums = f32(backend, scratch);
  const dw = f32(backend, out);
  for (let i = 0; i < kh; i++) {
    const from = i * 4 * groups * co;
    dw.set(sums.subarray(from, from + rowLength * co), i * rowLength * co);
  }
  dispose(backend, padded, scratch);
  return out;
}

function filterGradByConvolution(
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
  const grown = conv2d(backend, xT, dyT, [top, Math.max(0, bottom), left, Math.max(0, right)], [sh, sw]);
  dispose(backend, xT, dyT);
  let cropped = grown;
  if (grown.shape[1] !== kh || grown.shape[2] !== kw) {
    cropped = run('Slice', backend, { x: grown }, { begin: [0, 0, 0, 0], size: [-1, kh, kw, -1] });
    dispose(backend, grown);
  }
  const dw = transpose(backend, cropped, [1, 2, 0, 3]);
  dispose(backend, cropped);
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
  const xs = f32(backend, x);
  const p = f32(backend, out);
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

// ---------------------------------------------------------------------------------------------
// Conv2DBackpropInput

/**
 * dx[b,h,w,ci] = Σ dy[b,oh,ow,co] · W[h+top−oh·s, w+left−ow·s, ci, co].
 *
 * With dy spread out by the stride (zeros between its rows and columns; a no-op at stride 1), that
 * is a forward stride-1 convolution of dy with the filter turned 180° and its channels swapped,
 * padded by (filter − 1 − top) above and (H − spread height + top) below.
 */
function conv2DBackpropInput(args: { inputs: NamedTensorInfoMap; backend: unknown; attrs: NamedAttrMap }): TensorInfo {
  const backend = args.backend as BackendWasm;
  const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
  const attrs = args.attrs as unknown as ConvGradAttrs & { inputShape: [number, number, number, number] };
  const dataFormat = backend_util.convertConv2DDataFormat(attrs.dataFormat);
  assertFloatNhwc('Conv2DBackpropInput', dataFormat, dy, filter);
  const info = backend_util.computeConv2DInfo(
    attrs.inputShape,
    filter.shape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    dataFormat,
  );
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw, inHeight: h, inWidth: w } = info;
  const spreadHeight = (info.outHeight - 1) * sh + 1;
  const spreadWidth = (info.outWidth - 1) * sw + 1;
  const pads: [number, number, number, number] = [
    kh - 1 - info.padInfo.top,
    h - spreadHeight + info.padInfo.top,
    kw - 1 - info.padInfo.left,
    w - spreadWidth + info.padInfo.left,
  ];
  if (pads.some((p) => p < 0) || info.outHeight < 1 || info.outWidth < 1) {
    return conv2DBackpropInputDirect(backend, dy, filter, info);
  }
  if (KERNEL_OPTIONS.simdConvInputGrad && sh === 1 && sw === 1 && info.inChannels % 8 === 0) {
    const dx = simdInputGrad(backend, dy, filter, info);
    if (dx) return dx;
  }
  const flipped = flipFilter(backend, filter);
  const spread = sh === 1 && sw === 1 ? dy : spreadByStride(backend, dy, sh, sw, spreadHeight, spreadWidth);
  const dx = conv2d(backend, spread, flipped, pads);
  dispose(backend, flipped);
  if (spread !== dy) dispose(backend, spread);
  return dx;
}

/**
 * Stride 1, in channels in eights: dx summed by ./gemm-simd's tiles on the pool. Per image and
 * filter tap (kh, kw), the rectangle of input pixels whose dy pixel (h + top − kh, w + left − kw)
 * exists gets dy · W[kh,kw]ᵀ added, so no product with padding is computed; taps in order, so
 * results are deterministic. Null where this engine has no WebAssembly SIMD.
 */
function simdInputGrad(
  backend: BackendWasm,
  dy: TensorInfo,
  filter: TensorInfo,
  info: tf.backend_util.Conv2DInfo,
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
  const out = backend.makeOutput([batch, h, w, ci], 'float32');
  f32(backend, out).fill(0);
  const transposed = transpose(backend, filter, [0, 1, 3, 2]);
  const at = (t: TensorInfo) => backend.getMemoryOffset(t.dataId);
  correlateTaps(pool, {
    batch,
    out: at(out),
    outHeight: h,
    outWidth: w,
    outChannels: ci,
    input: at(dy),
    inHeight: oh,
    inWidth: ow,
    inChannels: co,
    matrices: at(transposed),
    filterHeight: kh,
    filterWidth: kw,
    // Input pixel (r, c) gets dy pixel (r + top − i, c + left − j) through tap (i, j).
    offset: (i, j) => [top - i, left - j],
  });
  dispose(backend, transposed);
  return out;
}

/** W'[kh,kw,co,ci] = W[KH−1−kh, KW−1−kw, ci, co]. */
function flipFilter(backend: BackendWasm, filter: TensorInfo): TensorInfo {
  const [kh, kw, ci, co] = filter.shape as [number, number, number, number];
  const out = backend.makeOutput([kh, kw, co, ci], 'float32');
  const src = f32(backend, filter);
  const dst = f32(backend, out);
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
  const src = f32(backend, dy);
  const dst = f32(backend, out).fill(0);
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

function conv2DBackpropInputDirect(
  backend: BackendWasm,
  dy: TensorInfo,
  filter: TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): TensorInfo {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const out = backend.makeOutput([batchSize, inHeight, inWidth, inChannels], 'float32');
  const dys = f32(backend, dy);
  const ws = f32(backend, filter);
  const dx = f32(backend, out).fill(0);
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

// ---------------------------------------------------------------------------------------------
// MaxPoolGrad

/**
 * Routes each dy to the first maximum of its window (row-major, padding excluded), as the `cpu`
 * backend and TensorFlow do; a window of NaNs routes nothing. Plain JavaScript over the heap, all
 * channels of a window cell at a time.
 */
function maxPoolGrad(args: { inputs: NamedTensorInfoMap; backend: unknown; attrs: NamedAttrMap }): TensorInfo {
  const backend = args.backend as BackendWasm;
  const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo };
  const attrs = args.attrs as unknown as {
    filterSize: number | [number, number];
    strides: number | [number, number];
    pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
  };
  assertFloatNhwc('MaxPoolGrad', 'channelsLast', dy, input);
  const info = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth } = info;
  const { strideHeight, strideWidth, effectiveFilterHeight: fh, effectiveFilterWidth: fw } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;

  const out = backend.makeOutput(input.shape, 'float32');
  const xs = f32(backend, input);
  const dys = f32(backend, dy);
  if (
    KERNEL_OPTIONS.maxPoolGrad2x2 &&
    fh === 2 &&
    fw === 2 &&
    strideHeight === 2 &&
    strideWidth === 2 &&
    top === 0 &&
    left === 0
  ) {
    const memory =
      KERNEL_OPTIONS.simdMaxPoolGrad && inHeight % 2 === 0 && inWidth % 2 === 0 && channels % 4 === 0
        ? wasmBackendMemory((backend as unknown as { wasm: unknown }).wasm)
        : null;
    const simd = memory ? simdMaxPoolGrad2x2For(memory) : null;
    if (simd) {
      const at = (info: TensorInfo) => backend.getMemoryOffset(info.dataId);
      simd(
        at(input),
        at(dy),
        at(out),
        batchSize * outHeight,
        outWidth,
        channels / 4,
        inWidth * channels * 4,
        channels * 4,
      );
      return out;
    }
    maxPoolGrad2x2(xs, dys, f32(backend, out), batchSize, inHeight, inWidth, channels, outHeight, outWidth);
    return out;
  }
  const dx = f32(backend, out).fill(0);
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
  return out;
}

/**
 * The book's pooling (2×2 windows, stride 2, no padding before; SAME only pads after an odd side):
 * windows do not overlap, so each input cell is written once, with its window's dy where it is
 * the window's first maximum and 0 elsewhere, and no running-maximum arrays are needed.
 */
function maxPoolGrad2x2(
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

// ---------------------------------------------------------------------------------------------
// Identity, Cast to the same dtype, Sum over leading axes

/**
 * tfjs clones every tensor a gradient will need (`saveTensorsForBackwardMode`), and casts every
 * relu/step mask float32 → float32; the stock wasm kernels copy the buffer each time (~9 ms of a
 * chapter 5 step). Tensors are immutable, so the output shares the input's buffer, as `Reshape`
 * does.
 */
function identity(args: { inputs: NamedTensorInfoMap; backend: unknown; attrs: NamedAttrMap }): TensorInfo {
  const backend = args.backend as BackendWasm;
  const { x } = args.inputs as { x: TensorInfo };
  if (x.dtype === 'string' || !KERNEL_OPTIONS.shareIdentity) return run('Identity', backend, args.inputs, args.attrs);
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}

function cast(args: { inputs: NamedTensorInfoMap; backend: unknown; attrs: NamedAttrMap }): TensorInfo {
  const { x } = args.inputs as { x: TensorInfo };
  if (x.dtype !== (args.attrs as { dtype?: string }).dtype || !KERNEL_OPTIONS.shareIdentity)
    return run('Cast', args.backend as BackendWasm, args.inputs, args.attrs);
  return identity(args);
}

/**
 * Bias gradients sum [N, H, W, C] over its first three axes; the stock kernel transposes the
 * reduced axes to the end first (a full copy). Summing leading axes needs no transpose: a running
 * float64 sum per trailing element (more accurate than the stock float32 one).
 */
function sum(args: { inputs: NamedTensorInfoMap; backend: unknown; attrs: NamedAttrMap }): TensorInfo {
  const backend = args.backend as BackendWasm;
  const { x } = args.inputs as { x: TensorInfo };
  const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
  const rank = x.shape.length;
  const axes = tf.util.parseAxisParam(axis, x.shape).sort((p, q) => p - q);
  const leading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i);
  if (x.dtype !== 'float32' || !leading || !KERNEL_OPTIONS.leadingAxesSum)
    return run('Sum', backend, args.inputs, args.attrs);
  const inner = tf.util.sizeFromShape(x.shape.slice(axes.length));
  const outer = tf.util.sizeFromShape(x.shape.slice(0, axes.length));
  const shape = keepDims ? x.shape.map((d, i) => (i < axes.length ? 1 : d)) : x.shape.slice(axes.length);
  const out = backend.makeOutput(shape, 'float32');
  if (
    KERNEL_OPTIONS.simdSum &&
    inner % 4 === 0 &&
    outer * inner >= SIMD_SUM_MIN_SIZE &&
    simdColumnSum(backend, x, out, outer, inner)
  )
    return out;
  const xs = f32(backend, x);
  const acc = new Float64Array(inner);
  for (let i = 0, at = 0; i < outer; i++) {
    for (let j = 0; j < inner; j++, at++) acc[j]! += xs[at]!;
  }
  f32(backend, out).set(acc);
  return out;
}

/**
 * Below this many values the JavaScript loop is faster than handing the sum to the pool (measured:
 * 12 values 0.01 ms in JavaScript against 0.15 ms; 627 thousand 2.6 ms against 0.7 ms).
 */
const SIMD_SUM_MIN_SIZE = 16384;

/**
 * out[j] = Σ_i x[i, j] through ./sum-simd on the pool, threads taking disjoint column groups: the
 * same float64 running sums as the loop above. False where the engine has no SIMD.
 */
function simdColumnSum(backend: BackendWasm, x: TensorInfo, out: TensorInfo, rows: number, columns: number): boolean {
  const pool = simdPoolOf(backend);
  if (!pool) return false;
  const groups = columns / 4;
  // Float64 sums: 8 bytes per column, on an 8-byte boundary for the Float64Array view below.
  const scratch = backend.makeOutput([2 * columns + 2], 'float32');
  const scratchAt = backend.getMemoryOffset(scratch.dataId);
  const accAt = scratchAt + ((8 - (scratchAt % 8)) % 8);
  const memory = f32(backend, scratch).buffer;
  const acc = new Float64Array(memory, accAt, columns).fill(0);
  const xAt = backend.getMemoryOffset(x.dataId);
  runSplit(pool, groups, (part, g0, g1) =>
    part.push(POOL_KERNEL.columnSum, xAt + 16 * g0, accAt + 32 * g0, rows, g1 - g0, columns * 4),
  );
  f32(backend, out).set(acc);
  dispose(backend, scratch);
  return true;
}

// ---------------------------------------------------------------------------------------------
// BatchMatMul

/**
 * The stock kernel runs XNNPACK only for untransposed operands with a batch of one; every other
 * form is a naive loop, 10–20× slower. So materialise the untransposed form with explicit
 * transposes, choosing between C = A·B and C = (Bᵀ·Aᵀ)ᵀ whichever moves fewer elements.
 * Batched products keep the stock kernel (correct, only slow).
 */
function batchMatMul(args: { inputs: NamedTensorInfoMap; backend: unknown; attrs: NamedAttrMap }): TensorInfo {
  const backend = args.backend as BackendWasm;
  const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
  const { transposeA, transposeB } = args.attrs as unknown as { transposeA: boolean; transposeB: boolean };
  const stock = () => run('BatchMatMul', backend, args.inputs, args.attrs);
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) return stock();
  const aBatch = a.shape.slice(0, -2);
  const bBatch = b.shape.slice(0, -2);
  if (aBatch.some((d) => d !== 1) || bBatch.some((d) => d !== 1)) return stock();
  const [aRows, aCols] = a.shape.slice(-2) as [number, number];
  const [bRows, bCols] = b.shape.slice(-2) as [number, number];
  const m = transposeA ? aCols : aRows;
  const k = transposeA ? aRows : aCols;
  const kb = transposeB ? bCols : bRows;
  const n = transposeB ? bRows : bCols;
  if (k !== kb) return stock(); // the stock kernel words the shape error
  const outShape = [...(aBatch.length >= bBatch.length ? aBatch : bBatch), m, n];
  if (KERNEL_OPTIONS.simdMatMul) {
    const product = simdProduct(backend, a, b, { m, k, n, transposeA, transposeB });
    if (product) {
      const shaped = reshape(backend, product, outShape);
      dispose(backend, product);
      return shaped;
    }
  }

  const a2 = reshape(backend, a, [aRows, aCols]);
  const b2 = reshape(backend, b, [bRows, bCols]);
  let result: TensorInfo;
  const sizeA = aRows * aCols;
  const sizeB = bRows * bCols;
  // Element moves of each form: transposes, XNNPACK's packing of the right operand (skipped when
  // that tensor is already packed in its operator cache) and, swapped, the transpose of C.
  const pack = (info: TensorInfo, size: number, fresh: boolean) =>
    !KERNEL_OPTIONS.packAwareMatMul ? 0 : fresh || !packedOperands.has(info.dataId) ? PACK_COST * size : 0;
  const direct = (transposeA ? sizeA : 0) + (transposeB ? sizeB : 0) + pack(b2, sizeB, transposeB);
  const swapped = (transposeA ? 0 : sizeA) + (transposeB ? 0 : sizeB) + pack(a2, sizeA, !transposeA) + m * n;
  if (direct <= swapped) {
    const left = transposeA ? transpose(backend, a2, [1, 0]) : a2;
    const right = transposeB ? transpose(backend, b2, [1, 0]) : b2;
    result = matMul2d(backend, left, right);
    if (left !== a2) dispose(backend, left);
    if (right !== b2) dispose(backend, right);
  } else {
    const left = transposeB ? b2 : transpose(backend, b2, [1, 0]);
    const right = transposeA ? a2 : transpose(backend, a2, [1, 0]);
    const product = matMul2d(backend, left, right);
    result = transpose(backend, product, [1, 0]);
    dispose(backend, product);
    if (left !== b2) dispose(backend, left);
    if (right !== a2) dispose(backend, right);
  }
  dispose(backend, a2, b2);
  const shaped = reshape(backend, result, outShape);
  dispose(backend, result);
  return shaped;
}

/**
 * `tf.fused.matMul` (product + bias + relu). The stock kernel always packs B (slow for fresh
 * weights, see PACK_COST), and with a transposed operand its bias is wrong for every row after the
 * first (its naive loop indexes the bias by row·n + column, clamped to the last element). When the
 * product is float32, unbatched, with a bias of one value per column (or one value) and a linear or
 * relu activation, run the product as `batchMatMul` does and add the bias and relu in one pass over
 * the [m, n] result. Anything else keeps the stock kernel.
 */
/** Rank ≥ 2 with every batch dimension 1 (tf.fused.matMul hands its kernel [1, m, k] and [1, k, n]). */
const unbatched = (t: TensorInfo) => t.shape.length >= 2 && t.shape.slice(0, -2).every((d) => d === 1);

function fusedMatMul(args: { inputs: NamedTensorInfoMap; backend: unknown; attrs: NamedAttrMap }): TensorInfo {
  const backend = args.backend as BackendWasm;
  const { a, b, bias, preluActivationWeights } = args.inputs as Record<string, TensorInfo | undefined>;
  const { activation } = args.attrs as unknown as { activation: string };
  const columns = (t: TensorInfo, transposed: boolean) =>
    t.shape[transposed ? t.shape.length - 2 : t.shape.length - 1]!;
  const { transposeB } = args.attrs as unknown as { transposeB: boolean };
  const n = b ? columns(b, transposeB) : 0;
  const simple =
    KERNEL_OPTIONS.packAwareMatMul &&
    a &&
    b &&
    unbatched(a) &&
    unbatched(b) &&
    a.dtype === 'float32' &&
    b.dtype === 'float32' &&
    preluActivationWeights == null &&
    (activation === 'linear' || activation === 'relu') &&
    (bias == null ||
      (bias.dtype === 'float32' &&
        (tf.util.sizeFromShape(bias.shape) === n || tf.util.sizeFromShape(bias.shape) === 1) &&
        bias.shape.length <= 1));
  if (!simple) return run('_FusedMatMul', backend, args.inputs, args.attrs);
  const product = batchMatMul({ inputs: { a: a!, b: b! }, backend, attrs: args.attrs });
  if (bias == null && activation === 'linear') return product;
  const out = backend.makeOutput(product.shape, 'float32');
  const ys = f32(backend, product);
  const zs = f32(backend, out);
  const bs = bias ? f32(backend, bias) : new Float32Array(1);
  const perColumn = bs.length === n && n !== 1;
  const relu = activation === 'relu';
  for (let at = 0; at < ys.length; ) {
    for (let j = 0; j < n; j++, at++) {
      const z = Math.fround(ys[at]! + bs[perColumn ? j : 0]!);
      zs[at] = relu && z < 0 ? 0 : z;
    }
  }
  dispose(backend, product);
  return out;
}

/**
 * XNNPACK packs the right operand of a product into its GEMM layout when it first sees that tensor
 * (and caches the packed copy until the tensor is freed): a strided pass measured at ~2.3× the
 * cost of a transpose per element (3136×1024: ~36 ms against ~16 ms). Training assigns every
 * weight matrix a new tensor each step, so packing W for A·W each step cost more than transposing
 * it and computing (Wᵀ·Aᵀ)ᵀ, where the packed operand is the small Aᵀ.
 */
const PACK_COST = 2.5;
/** Tensors (dataIds) already packed by XNNPACK as a product's right operand. */
const packedOperands = new WeakSet<object>();

/**
 * How untransposed 2-D products run: XNNPACK's fully-connected op, a 1×1 convolution, or `auto`:
 * the convolution when the backend has a thread pool.
 */
export type MatMulRoute = 'auto' | 'fully-connected' | 'conv1x1';
let matMulRoute: MatMulRoute = 'auto';

/**
 * XNNPACK's fully-connected operator runs on one thread in tfjs 4.22, its convolution on the thread
 * pool: with threads, a product A·B is faster as a 1×1 convolution of A as a [1,1,M,K] image.
 */
export function setMatMulRoute(route: MatMulRoute): void {
  matMulRoute = route;
}

export function getMatMulRoute(): MatMulRoute {
  return matMulRoute;
}

function matMul2d(backend: BackendWasm, a: TensorInfo, b: TensorInfo): TensorInfo {
  packedOperands.add(b.dataId);
  const [m, k] = a.shape as [number, number];
  const n = b.shape[1]!;
  const route = matMulRoute === 'auto' ? (wasmThreadCount() > 1 ? 'conv1x1' : 'fully-connected') : matMulRoute;
  if (route === 'conv1x1' && m > 0 && n > 0 && k > 0) {
    const image = reshape(backend, a, [1, 1, m, k]);
    const filter = reshape(backend, b, [1, 1, k, n]);
    const product = conv2d(backend, image, filter, [0, 0, 0, 0]);
    const out = reshape(backend, product, [m, n]);
    dispose(backend, image, filter, product);
    return out;
  }
  const a3 = reshape(backend, a, [1, m, k]);
  const b3 = reshape(backend, b, [1, k, n]);
  const product = run('BatchMatMul', backend, { a: a3, b: b3 }, { transposeA: false, transposeB: false });
  dispose(backend, a3, b3);
  const out = reshape(backend, product, [m, n]);
  dispose(backend, product);
  return out;
}

// ---------------------------------------------------------------------------------------------

const asKernelFunc = (f: (args: { inputs: NamedTensorInfoMap; backend: unknown; attrs: NamedAttrMap }) => TensorInfo) =>
  mark(f as unknown as KernelFunc);

/** The kernels this file provides, in the form `tf.registerKernel` takes. */
export const TRAINING_KERNEL_CONFIGS: readonly KernelConfig[] = [
  { kernelName: 'Conv2D', backendName: 'wasm', kernelFunc: asKernelFunc(conv2D) },
  { kernelName: 'Conv2DBackpropFilter', backendName: 'wasm', kernelFunc: asKernelFunc(conv2DBackpropFilter) },
  { kernelName: 'Conv2DBackpropInput', backendName: 'wasm', kernelFunc: asKernelFunc(conv2DBackpropInput) },
  { kernelName: 'MaxPoolGrad', backendName: 'wasm', kernelFunc: asKernelFunc(maxPoolGrad) },
  { kernelName: 'BatchMatMul', backendName: 'wasm', kernelFunc: asKernelFunc(batchMatMul) },
  { kernelName: '_FusedMatMul', backendName: 'wasm', kernelFunc: asKernelFunc(fusedMatMul) },
  { kernelName: 'Identity', backendName: 'wasm', kernelFunc: asKernelFunc(identity) },
  { kernelName: 'Cast', backendName: 'wasm', kernelFunc: asKernelFunc(cast) },
  { kernelName: 'Sum', backendName: 'wasm', kernelFunc: asKernelFunc(sum) },
];
