/**
 * `Cast` to the input's own dtype without a copy: tfjs casts every relu/step mask float32 →
 * float32, and the stock kernel copies the buffer. Other casts keep the stock kernel.
 */
import { Cast, type CastAttrs, type CastInputs } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { inputsOf, runStock, wasmKernel } from '../kernel_utils';
import { sharedIdentity } from './Identity';

function cast({ inputs, backend, attrs }: { inputs: CastInputs; backend: BackendWasm; attrs: CastAttrs }) {
  const [x] = inputsOf(Cast, inputs, 'x');
  return (x.dtype === attrs.dtype ? sharedIdentity(backend, x) : null) ?? runStock(Cast, backend, inputs, attrs);
}

export const castConfig = wasmKernel(Cast, cast);
