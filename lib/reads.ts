/**
 * How training loops read numbers: with `await`, rarely. Introduced by the chapter 1 kata (training
 * loop) and used by every chapter's.
 *
 * A synchronous read (`dataSync()`) makes the CPU wait for everything a GPU has queued, and a loop
 * that never awaits never lets Node's event loop run: on the WebGPU backend in Node, finished GPU
 * work is freed only then (dawn.node releases its objects from the event loop), so such a loop runs
 * out of memory within a few thousand steps. On the CPU backends both cost microseconds.
 */
import type * as tf from '@tensorflow/tfjs';

/** Training loops without a read in between await `tf.nextFrame()` every this many steps. */
export const AWAIT_EVERY = 100;

/** The values of a tensor the caller is done with: read with `await tensor.data()`, then disposed. */
export async function readAndDispose(tensor: tf.Tensor): Promise<Float32Array> {
  try {
    return Float32Array.from(await tensor.data());
  } finally {
    tensor.dispose();
  }
}
