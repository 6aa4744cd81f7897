/**
 * Registering the kernels (./register_all_kernels), and a training step through every one of them.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { isAccelKernel } from './kernel_utils';
import { IM2COL_MAX_CHANNELS } from './kernels/Conv2DBackpropFilter';
import { registerAllKernels, WASM_KERNEL_CONFIGS } from './register_all_kernels';
import { onThreadedWasm } from './testing/threaded-wasm';
import { weightedSum } from './testing/wasm-vs-cpu';

onThreadedWasm();

const registered = () => WASM_KERNEL_CONFIGS.map(({ kernelName }) => tf.getKernel(kernelName, 'wasm')!.kernelFunc);

describe('registerAllKernels', () => {
  it('should leave the same kernels registered when called twice', () => {
    registerAllKernels();
    const first = registered();
    registerAllKernels();
    expect(registered()).toEqual(first);
    expect(first.every(isAccelKernel)).toBe(true);
  });

  it('should leave no tensor and no wasm buffer behind after training steps through every kernel', () => {
    const wasm = tf.backend();
    const x = tf.randomNormal([2, 8, 8, 1], 0, 1, 'float32', 1);
    const w1 = tf.randomNormal([3, 3, 1, IM2COL_MAX_CHANNELS], 0, 1, 'float32', 2);
    const w2 = tf.randomNormal([3, 3, IM2COL_MAX_CHANNELS, 8], 0, 1, 'float32', 3);
    const w3 = tf.randomNormal([3, 3, 8, 8], 0, 1, 'float32', 4);
    const dense = tf.randomNormal([8, 3], 0, 1, 'float32', 5);
    const loss = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor, d: tf.Tensor): tf.Scalar => {
      const h1 = tf.maxPool(tf.conv2d(x as tf.Tensor4D, a as tf.Tensor4D, 1, 'same'), 2, 2, 'same');
      const h2 = tf.relu(tf.conv2d(h1, b as tf.Tensor4D, 1, 'same'));
      const h3 = tf.maxPool(tf.conv2d(h2, c as tf.Tensor4D, 2, 'same'), 2, 1, 'valid');
      const flat = tf.reshape(tf.sum(h3, [1, 2]), [2, 8]) as tf.Tensor2D;
      const hidden = tf.fused.matMul({ a: flat, b: d as tf.Tensor2D, bias: tf.sum(h1, [0, 1, 2]).slice([0], [3]) });
      return weightedSum(tf.matMul(flat, d as tf.Tensor2D).add(hidden));
    };
    const step = () => tf.dispose(tf.grads(loss)([w1, w2, w3, dense]));
    step();
    const tensors = tf.memory().numTensors;
    const buffers = wasm.numDataIds();
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(wasm.numDataIds()).toBe(buffers);
    tf.dispose([x, w1, w2, w3, dense]);
  });
});
