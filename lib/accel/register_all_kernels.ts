/**
 * Every kernel of ./kernels, in the form `tf.registerKernel` takes, and their registration.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig } from '@tensorflow/tfjs';
import { rememberStockKernel } from './kernel_utils';
import { addConfig } from './kernels/Add';
import { batchMatMulConfig } from './kernels/BatchMatMul';
import { castConfig } from './kernels/Cast';
import { conv2DConfig } from './kernels/Conv2D';
import { conv2DBackpropFilterConfig } from './kernels/Conv2DBackpropFilter';
import { conv2DBackpropInputConfig } from './kernels/Conv2DBackpropInput';
import { fusedMatMulConfig } from './kernels/_FusedMatMul';
import { fusedConv2DConfig } from './kernels/FusedConv2D';
import { identityConfig } from './kernels/Identity';
import { maxPoolConfig } from './kernels/MaxPool';
import { maxPoolGradConfig } from './kernels/MaxPoolGrad';
import { multiplyConfig } from './kernels/Multiply';
import { realDivConfig } from './kernels/RealDiv';
import { reluConfig } from './kernels/Relu';
import { stepConfig } from './kernels/Step';
import { subConfig } from './kernels/Sub';
import { sumConfig } from './kernels/Sum';
import { registerTf1AdamUpdate } from './kernels/Tf1AdamUpdate';

/** The wasm kernels that replace stock ones (which stay reachable to them, see ./kernel_utils). */
export const WASM_KERNEL_CONFIGS: readonly KernelConfig[] = [
  conv2DConfig,
  fusedConv2DConfig,
  conv2DBackpropFilterConfig,
  conv2DBackpropInputConfig,
  maxPoolConfig,
  maxPoolGradConfig,
  batchMatMulConfig,
  fusedMatMulConfig,
  identityConfig,
  castConfig,
  sumConfig,
  addConfig,
  subConfig,
  multiplyConfig,
  realDivConfig,
  reluConfig,
  stepConfig,
];

/**
 * Registers every kernel of this folder: the wasm replacements (remembering the stock kernel of
 * each name) and `Tf1AdamUpdate` on cpu and wasm. Idempotent: a second call changes nothing. Call
 * it after `@tensorflow/tfjs-backend-wasm` has been imported, before or after `tf.setBackend('wasm')`.
 */
export function registerAllKernels(): void {
  for (const config of WASM_KERNEL_CONFIGS) {
    const existing = tf.getKernel(config.kernelName, 'wasm');
    if (existing?.kernelFunc === config.kernelFunc) continue;
    rememberStockKernel(config.kernelName);
    if (existing) tf.unregisterKernel(config.kernelName, 'wasm');
    tf.registerKernel(config);
  }
  registerTf1AdamUpdate();
}
