/**
 * `BatchMatMul`. Unbatched float32 products run as SIMD tiles on the pool where their widths fit
 * (../routes/products: A·B, A·Bᵀ and Aᵀ·B, the weights read where they lie), else as one XNNPACK
 * product plus the cheaper set of transposes (../routes/xnnpack-products): the stock kernel runs
 * XNNPACK only for untransposed operands and every other form as a naive loop, 10–20× slower.
 * Batched products keep the stock kernel (correct, only slow).
 */
import { BatchMatMul, type BatchMatMulAttrs, type BatchMatMulInputs, type TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { dispose, inputsOf, reshape, runStock, wasmKernel } from '../kernel_utils';
import { accelOptions } from '../options';
import { simdProduct } from '../routes/products';
import { transposedXnnpackMatMul } from '../routes/xnnpack-products';

/** Rank ≥ 2 with every batch dimension 1 (tf.fused.matMul hands its kernel [1, m, k] and [1, k, n]). */
export const unbatched = (t: TensorInfo) => t.shape.length >= 2 && t.shape.slice(0, -2).every((d) => d === 1);

/** op(A)·op(B) for unbatched float32 a and b whose inner sizes agree, shaped as the stock kernel shapes it. */
export function unbatchedProduct(
  backend: BackendWasm,
  a: TensorInfo,
  b: TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
): TensorInfo {
  const [aRows, aCols] = a.shape.slice(-2) as [number, number];
  const [bRows, bCols] = b.shape.slice(-2) as [number, number];
  const [m, k, n] = [transposeA ? aCols : aRows, transposeA ? aRows : aCols, transposeB ? bRows : bCols];
  const batch = (a.shape.length >= b.shape.length ? a : b).shape.slice(0, -2);
  let product = accelOptions.routes.simdMatMul ? simdProduct(backend, a, b, { m, k, n, transposeA, transposeB }) : null;
  if (!product) {
    const [a2, b2] = [reshape(backend, a, [aRows, aCols]), reshape(backend, b, [bRows, bCols])];
    product = transposedXnnpackMatMul(backend, a2, b2, transposeA, transposeB);
    dispose(backend, a2, b2);
  }
  const shaped = reshape(backend, product, [...batch, m, n]);
  dispose(backend, product);
  return shaped;
}

function batchMatMul({
  inputs,
  backend,
  attrs,
}: {
  inputs: BatchMatMulInputs;
  backend: BackendWasm;
  attrs: BatchMatMulAttrs;
}) {
  const [a, b] = inputsOf(BatchMatMul, inputs, 'a', 'b');
  const { transposeA, transposeB } = attrs;
  const inner = (t: TensorInfo, transposed: boolean) => t.shape[t.shape.length - (transposed ? 2 : 1)];
  const outer = (t: TensorInfo, transposed: boolean) => t.shape[t.shape.length - (transposed ? 1 : 2)];
  if (
    a.dtype !== 'float32' ||
    b.dtype !== 'float32' ||
    !unbatched(a) ||
    !unbatched(b) ||
    inner(a, transposeA) !== outer(b, transposeB) // the stock kernel words the shape error
  )
    return runStock(BatchMatMul, backend, inputs, attrs);
  return unbatchedProduct(backend, a, b, transposeA, transposeB);
}

export const batchMatMulConfig = wasmKernel(BatchMatMul, batchMatMul);
