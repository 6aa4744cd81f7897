/**
 * `_FusedMatMul` (`tf.fused.matMul`: product + bias + relu). The stock kernel always packs B (slow
 * for fresh weights), and with a transposed operand its bias is wrong for every row after the
 * first (its naive loop indexes the bias by row·n + column, clamped to the last element). When the
 * product is float32, unbatched, with a bias of one value per column (or one value) and a linear
 * or relu activation, the product runs as ./BatchMatMul's and the bias and relu are added in one
 * pass over the [m, n] result. Anything else keeps the stock kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { _FusedMatMul, type _FusedMatMulAttrs, type _FusedMatMulInputs, type TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { dispose, heapF32, runStock, wasmKernel } from '../kernel_utils';
import { accelOptions } from '../options';
import { unbatched, unbatchedProduct } from './BatchMatMul';

/** A bias of one value per column of an n-column product, or one value for all. */
const biasFits = (bias: TensorInfo, n: number) =>
  bias.dtype === 'float32' && bias.shape.length <= 1 && [n, 1].includes(tf.util.sizeFromShape(bias.shape));

function fusedMatMul({
  inputs,
  backend,
  attrs,
}: {
  inputs: _FusedMatMulInputs;
  backend: BackendWasm;
  attrs: _FusedMatMulAttrs;
}) {
  const { a, b, bias, preluActivationWeights } = inputs;
  const { transposeA, transposeB, activation } = attrs;
  const n = b.shape[b.shape.length - (transposeB ? 2 : 1)]!;
  const simple =
    accelOptions.routes.packAwareMatMul &&
    unbatched(a) &&
    unbatched(b) &&
    a.dtype === 'float32' &&
    b.dtype === 'float32' &&
    a.shape[a.shape.length - (transposeA ? 2 : 1)] === b.shape[b.shape.length - (transposeB ? 1 : 2)] &&
    preluActivationWeights == null &&
    (activation === 'linear' || activation === 'relu') &&
    (bias == null || biasFits(bias, n));
  if (!simple) return runStock(_FusedMatMul, backend, inputs, attrs);
  const product = unbatchedProduct(backend, a, b, transposeA, transposeB);
  if (bias == null && activation === 'linear') return product;
  const out = backend.makeOutput(product.shape, 'float32');
  const [ys, zs] = [heapF32(backend, product), heapF32(backend, out)];
  const bs = bias ? heapF32(backend, bias) : new Float32Array(1);
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

export const fusedMatMulConfig = wasmKernel(_FusedMatMul, fusedMatMul);
