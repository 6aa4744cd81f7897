/**
 * Training kernels for the `wasm` backend that TensorFlow.js 4.22 lacks, gets wrong or runs slowly:
 * `Conv2D`, `Conv2DBackpropFilter`, `Conv2DBackpropInput`, `MaxPoolGrad`, `BatchMatMul`,
 * `_FusedMatMul`, `Identity`, `Cast` and `Sum` (see ./kernels).
 */
import * as tf from '@tensorflow/tfjs';
import { isTrainingKernel, rememberStockKernel, TRAINING_KERNEL_CONFIGS } from './kernels';

/**
 * Registers the kernels for backend `wasm`, replacing the stock ones (which stay reachable to the
 * new kernels). Idempotent: a second call changes nothing. Call it after `@tensorflow/tfjs-backend-wasm`
 * has been imported; before or after `tf.setBackend('wasm')`.
 */
export function registerWasmTrainingKernels(): void {
  for (const config of TRAINING_KERNEL_CONFIGS) {
    const existing = tf.getKernel(config.kernelName, 'wasm');
    if (existing?.kernelFunc === config.kernelFunc) continue;
    rememberStockKernel(config.kernelName);
    if (existing) tf.unregisterKernel(config.kernelName, 'wasm');
    tf.registerKernel(config);
  }
}

export { isTrainingKernel };
