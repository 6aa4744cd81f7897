/**
 * The CPU acceleration's one public entry (see ./README.md): what lib/, scripts/ and the solutions
 * may use. Importing it has no side effects; in particular it does not load the wasm backend.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { wasmThreadsOption } from './options';
import { simdPoolOf, threadsOf } from './pool/kernel-table';

export { accelOptions, onlyRoutes, type Route, ROUTES, withRoutes } from './options';
export { isAccelKernel } from './kernel_utils';
export { registerAllKernels, WASM_KERNEL_CONFIGS } from './register_all_kernels';
export { float32Bits } from './simd/adam-update';
export {
  hasTf1AdamUpdate,
  registerTf1AdamUpdate,
  TF1_ADAM_UPDATE,
  type Tf1AdamUpdateAttrs,
  tf1AdamUpdate,
} from './kernels/Tf1AdamUpdate';

/**
 * Loads `@tensorflow/tfjs-backend-wasm` and, unless TFJS_WASM_THREADS=0, makes its next start use
 * the threaded SIMD build with TFJS_WASM_THREADS threads (default: one per core). Call it before
 * the first `tf.setBackend('wasm')`, then `registerAllKernels()`.
 */
export async function prepareWasmBackend(): Promise<void> {
  const threads = wasmThreadsOption();
  await import('@tensorflow/tfjs-backend-wasm');
  if (threads !== null) (await import('./pool/threads')).enableWasmThreads({ threads });
}

/** The active wasm backend, or an error saying that another one is active. */
function activeWasm(): BackendWasm {
  if (tf.getBackend() !== 'wasm') throw new Error(`the active backend is '${tf.getBackend()}', not wasm`);
  return tf.backend() as BackendWasm;
}

/** Threads of the active wasm backend (1 in tfjs's single-threaded build). */
export const wasmThreads = (): number => threadsOf(activeWasm());

/** Whether the active wasm backend runs the SIMD kernels (false where they do not compile, reported once). */
export const wasmSimdAvailable = (): boolean => simdPoolOf(activeWasm()) !== null;
