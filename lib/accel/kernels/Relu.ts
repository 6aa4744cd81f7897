/**
 * `Relu` on float32, as the cpu backend's max(0, x): small tensors as a JavaScript loop, large ones
 * on the pool (../routes/elementwise); other dtypes keep the stock kernel.
 */
import { Relu, type ReluInputs } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { inputsOf, runStock, wasmKernel } from '../kernel_utils';
import { elementwise } from '../routes/elementwise';

function relu({ inputs, backend }: { inputs: ReluInputs; backend: BackendWasm; attrs: object }) {
  const [x] = inputsOf(Relu, inputs, 'x');
  return elementwise(backend, 'relu', x, null) ?? runStock(Relu, backend, inputs, {});
}

export const reluConfig = wasmKernel(Relu, relu);
