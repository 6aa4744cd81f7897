/**
 * `Identity` without a copy. tfjs clones every tensor a gradient will need
 * (`saveTensorsForBackwardMode`), and the stock wasm kernel copies the buffer each time (with
 * `Cast`, ~9 ms of a chapter 5 step). Tensors are immutable, so the output shares the input's
 * buffer, as `Reshape` does.
 */
import { Identity, type IdentityInputs, type TensorInfo } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { inputsOf, runStock, wasmKernel } from '../kernel_utils';
import { accelOptions } from '../options';

/** A new reference to x's buffer, or null where the stock copy must run (strings, route off). */
export function sharedIdentity(backend: BackendWasm, x: TensorInfo): TensorInfo | null {
  if (x.dtype === 'string' || !accelOptions.routes.shareIdentity) return null;
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}

function identity({ inputs, backend }: { inputs: IdentityInputs; backend: BackendWasm; attrs: object }) {
  const [x] = inputsOf(Identity, inputs, 'x');
  return sharedIdentity(backend, x) ?? runStock(Identity, backend, inputs, {});
}

export const identityConfig = wasmKernel(Identity, identity);
