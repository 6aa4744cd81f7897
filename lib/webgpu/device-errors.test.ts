/** GPU errors, which WebGPU only reports as events, as errors thrown by the next read (./device-errors). */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { evalChunkFor } from '../../solutions/ch4-cnn/mnist-run';
import { largestTensorBytes } from '../backend';
import { describeOnWebGpu, useWebGpuBackend } from '../testing/webgpu';
import { gpuErrorMessage } from './device-errors';

describe('the sentence for a GPU error', () => {
  it('should name a binding larger than the adapter allows, and what to do', () => {
    const said =
      'Binding size (250880000) of [Buffer] is larger than the maximum storage buffer binding size (134217728).';
    expect(gpuErrorMessage(`${said}\n - While validating entries[0]`, 2 ** 27)).toBe(
      'The GPU rejected work, so results computed since are wrong (Binding size (250880000) of [Buffer] is larger ' +
        'than the maximum storage buffer binding size (134217728)); a tensor is larger than the 128 MiB this ' +
        'adapter binds at once (maxStorageBufferBindingSize): use smaller batches or chunks.',
    );
  });

  it('should pass any other error on as it is', () => {
    expect(gpuErrorMessage('Device lost', 2 ** 27)).toBe(
      'The GPU rejected work, so results computed since are wrong (Device lost).',
    );
  });

  it('should keep the book’s evaluation chunk on a backend without a binding limit', async () => {
    const previous = tf.getBackend();
    await tf.setBackend('cpu');
    expect(largestTensorBytes()).toBe(Number.POSITIVE_INFINITY);
    expect(evalChunkFor(2500)).toBe(2500);
    await tf.setBackend(previous);
  });
});

describeOnWebGpu('GPU errors on webgpu', () => {
  useWebGpuBackend();

  it('should fit the evaluation chunk to the adapter’s binding limit', () => {
    const limit = (tf.backend() as unknown as { device: GPUDevice }).device.limits.maxStorageBufferBindingSize;
    expect(largestTensorBytes()).toBe(limit);
    // Chapter 5's first convolution keeps 28·28·32 floats per image.
    expect(evalChunkFor(100_000) * 28 * 28 * 32 * 4).toBeLessThanOrEqual(limit);
  });

  it('should throw from the next read when the GPU rejected a kernel, instead of returning wrong numbers', () => {
    const tooLarge = largestTensorBytes() / 4 + 1024;
    expect(() => tf.tidy(() => tf.add(tf.fill([tooLarge], 1), 1).dataSync())).toThrow(
      /The GPU rejected work, so results computed since are wrong .*maxStorageBufferBindingSize/,
    );
    expect(
      tf.tidy(() => tf.add(tf.ones([4]), 1).dataSync()),
      'reads after the error work again',
    ).toEqual(new Float32Array([2, 2, 2, 2]));
  });
});
