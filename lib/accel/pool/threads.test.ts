/**
 * The threaded SIMD wasm build in Node (./threads), inside a vitest worker.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { MAX_WASM_THREADS } from '../options';
import { registerAllKernels } from '../register_all_kernels';
import { enableWasmThreads, wasmThreadsEnabled } from './threads';

/** Two threads: the machine this repository plans for has two cores. */
const THREADS = 2;
/** float32 sums in another order (see kernels.test.ts). */
const TOLERANCE = 1e-4;

const wasmAlreadyRunning = (tf.engine() as unknown as { registry: Record<string, unknown> }).registry.wasm != null;

describe('enableWasmThreads', () => {
  it('refuses a thread count the pool cannot have', () => {
    expect(() => enableWasmThreads({ threads: 0 })).toThrow(/threads must be an integer/);
    expect(() => enableWasmThreads({ threads: MAX_WASM_THREADS + 1 })).toThrow(/threads must be an integer/);
  });

  // Threads are chosen when the wasm backend initialises; a worker whose setup already started it
  // (TFJS_BACKEND=wasm) cannot switch, and enableWasmThreads says so.
  it.skipIf(wasmAlreadyRunning)(
    "runs XNNPACK on two threads and trains a conv layer to the cpu backend's gradients",
    async () => {
      const previous = tf.getBackend();
      enableWasmThreads({ threads: THREADS });
      enableWasmThreads({ threads: THREADS });
      expect(await tf.setBackend('wasm')).toBe(true);
      registerAllKernels();
      expect(getThreadsCount()).toBe(THREADS);
      expect(wasmThreadsEnabled()).toBe(THREADS);
      expect(() => enableWasmThreads({ threads: 1 })).toThrow(/before the wasm backend initialises/);

      const x = tf.randomNormal([4, 12, 12, 3], 0, 1, 'float32', 1);
      const w = tf.randomNormal([5, 5, 3, 16], 0, 1, 'float32', 2);
      const m = tf.randomNormal([576, 10], 0, 1, 'float32', 3);
      const loss = (a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(
          tf.square(
            tf.matMul(
              tf.reshape(tf.maxPool(tf.conv2d(x as tf.Tensor4D, a as tf.Tensor4D, 1, 'same'), 2, 2, 'same'), [4, 576]),
              b,
            ),
          ),
        );
      const onWasm = tf
        .grads(loss)([w, m])
        .map((g) => g.dataSync().slice());
      const data = [x, w, m].map((t) => ({ values: t.dataSync().slice(), shape: t.shape }));
      await tf.setBackend('cpu');
      const [cx, cw, cm] = data.map((d) => tf.tensor(d.values, d.shape));
      const onCpu = tf
        .grads((a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(
            tf.square(
              tf.matMul(
                tf.reshape(
                  tf.maxPool(tf.conv2d(cx as tf.Tensor4D, a as tf.Tensor4D, 1, 'same'), 2, 2, 'same'),
                  [4, 576],
                ),
                b,
              ),
            ),
          ),
        )([cw!, cm!])
        .map((g) => g.dataSync().slice());
      onWasm.forEach((g, i) => {
        const want = onCpu[i]!;
        const scale = Math.max(...want.map(Math.abs));
        g.forEach((v, j) => expect(Math.abs(v - want[j]!)).toBeLessThanOrEqual(TOLERANCE * scale));
      });
      await tf.setBackend(previous);
    },
  );
});
