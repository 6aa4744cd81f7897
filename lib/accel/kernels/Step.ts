/**
 * `Step` with alpha 0 on float32 (the relu gradient's mask): x > 0 ? 1 : 0, NaN for NaN, as the
 * cpu backend; small tensors as a JavaScript loop, large ones on the pool (../routes/elementwise).
 * Other alphas and dtypes keep the stock kernel.
 */
import { Step, type StepAttrs, type StepInputs } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { inputsOf, runStock, wasmKernel } from '../kernel_utils';
import { elementwise } from '../routes/elementwise';

function step({ inputs, backend, attrs }: { inputs: StepInputs; backend: BackendWasm; attrs: StepAttrs }) {
  const [x] = inputsOf(Step, inputs, 'x');
  return (attrs.alpha === 0 ? elementwise(backend, 'step', x, null) : null) ?? runStock(Step, backend, inputs, attrs);
}

export const stepConfig = wasmKernel(Step, step);
