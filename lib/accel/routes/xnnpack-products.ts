/**
 * Products through XNNPACK, for the shapes the SIMD tiles (./products) do not take.
 *
 * The stock BatchMatMul runs XNNPACK only for untransposed operands with a batch of one; every
 * other form is a naive loop, 10–20× slower. So the untransposed form is materialised with
 * explicit transposes, choosing between C = A·B and C = (Bᵀ·Aᵀ)ᵀ whichever moves fewer elements.
 */
import { BatchMatMul, type BatchMatMulAttrs, type TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { dispose, reshape, runStock, transpose, xnnpackConv2D } from '../kernel_utils';
import { accelOptions } from '../options';
import { threadsOf } from '../pool/kernel-table';

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
 * C = A·B for 2-D a [m, k] and b [k, n] through XNNPACK. Its fully-connected operator runs on one
 * thread in tfjs 4.22, its convolution on the thread pool: with threads, the product runs as a
 * 1×1 convolution of A as a [1, 1, m, k] image.
 */
export function xnnpackMatMul(backend: BackendWasm, a: TensorInfo, b: TensorInfo): TensorInfo {
  packedOperands.add(b.dataId);
  const [m, k] = a.shape as [number, number];
  const n = b.shape[1]!;
  if (threadsOf(backend) > 1 && m > 0 && n > 0 && k > 0) {
    const image = reshape(backend, a, [1, 1, m, k]);
    const filter = reshape(backend, b, [1, 1, k, n]);
    const product = xnnpackConv2D(backend, image, filter, [0, 0, 0, 0]);
    const out = reshape(backend, product, [m, n]);
    dispose(backend, image, filter, product);
    return out;
  }
  const a3 = reshape(backend, a, [1, m, k]);
  const b3 = reshape(backend, b, [1, k, n]);
  const product = runStock<BatchMatMulAttrs>(
    BatchMatMul,
    backend,
    { a: a3, b: b3 },
    { transposeA: false, transposeB: false },
  );
  dispose(backend, a3, b3);
  const out = reshape(backend, product, [m, n]);
  dispose(backend, product);
  return out;
}

/**
 * op(A)·op(B) for 2-D a and b as one XNNPACK product plus transposes: A·B directly, or (Bᵀ·Aᵀ)ᵀ,
 * whichever moves fewer elements (transposes, XNNPACK's packing of a fresh right operand and,
 * swapped, the transpose of C).
 */
export function transposedXnnpackMatMul(
  backend: BackendWasm,
  a: TensorInfo,
  b: TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
): TensorInfo {
  const [aRows, aCols] = a.shape as [number, number];
  const [bRows, bCols] = b.shape as [number, number];
  const [m, n] = [transposeA ? aCols : aRows, transposeB ? bRows : bCols];
  const [sizeA, sizeB] = [aRows * aCols, bRows * bCols];
  const pack = (info: TensorInfo, size: number, fresh: boolean) =>
    !accelOptions.routes.packAwareMatMul ? 0 : fresh || !packedOperands.has(info.dataId) ? PACK_COST * size : 0;
  const direct = (transposeA ? sizeA : 0) + (transposeB ? sizeB : 0) + pack(b, sizeB, transposeB);
  const swapped = (transposeA ? 0 : sizeA) + (transposeB ? 0 : sizeB) + pack(a, sizeA, !transposeA) + m * n;
  if (direct <= swapped) {
    const left = transposeA ? transpose(backend, a, [1, 0]) : a;
    const right = transposeB ? transpose(backend, b, [1, 0]) : b;
    const result = xnnpackMatMul(backend, left, right);
    if (left !== a) dispose(backend, left);
    if (right !== b) dispose(backend, right);
    return result;
  }
  const left = transposeB ? b : transpose(backend, b, [1, 0]);
  const right = transposeA ? a : transpose(backend, a, [1, 0]);
  const product = xnnpackMatMul(backend, left, right);
  const result = transpose(backend, product, [1, 0]);
  dispose(backend, product);
  if (left !== b) dispose(backend, left);
  if (right !== a) dispose(backend, right);
  return result;
}
