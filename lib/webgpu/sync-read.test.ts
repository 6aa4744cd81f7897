/**
 * Synchronous reads of WebGPU tensors in Node (./sync-read, ./event-pump): tfjs-backend-webgpu's own
 * route draws through an OffscreenCanvas, which Node does not have.
 */
import * as tf from '@tensorflow/tfjs';
import { expect, it, vi } from 'vitest';
import { describeOnWebGpu, useWebGpuBackend } from '../testing/webgpu';

describeOnWebGpu('synchronous reads on webgpu', () => {
  useWebGpuBackend();

  it('should read float32, int32 and bool results computed on the GPU with dataSync', () => {
    tf.tidy(() => {
      const a = tf.tensor2d([
        [1, 2],
        [3, 4],
      ]);
      const product = tf.matMul(a, a);
      expect(tf.getBackend()).toBe('webgpu');
      expect(Array.from(product.dataSync())).toEqual([7, 10, 15, 22]);
      expect(Array.from(tf.argMax(product, 1).dataSync())).toEqual([1, 1]);
      expect(Array.from(tf.greater(product, 12).dataSync())).toEqual([0, 0, 1, 1]);
    });
  });

  it('should serve arraySync and print too', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    tf.tidy(() => {
      const t = tf.add(tf.tensor1d([1, 2, 3]), 1);
      expect(t.arraySync()).toEqual([2, 3, 4]);
      t.print();
    });
    expect(log.mock.calls.flat().join('\n')).toMatch(/\[2, 3, 4\]/);
    log.mockRestore();
  });

  it('should read a tensor larger than the 256×256 block the canvas route works in', () => {
    const side = 300;
    const values = tf.tidy(() => tf.add(tf.range(0, side * side), 0.5).dataSync());
    expect(values.length).toBe(side * side);
    expect([values[0], values[side * side - 1]]).toEqual([0.5, side * side - 0.5]);
  });

  it('should wait for a long queue of GPU work before it reads', () => {
    const ops = 2000;
    const total = tf.tidy(() => {
      let x = tf.zeros([64]);
      for (let i = 0; i < ops; i++) x = tf.add(x, 1);
      return tf.sum(x).dataSync()[0];
    });
    expect(total).toBe(64 * ops);
  });
});
