/**
 * `Identity` (./Identity): clones share their source's buffer, outlive it, and free it with the
 * last reference.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { onThreadedWasm } from '../testing/threaded-wasm';

onThreadedWasm();

describe('Identity on wasm', () => {
  it('should give clones that share the buffer, outlive their source and free it with the last reference', () => {
    const wasm = tf.backend();
    const buffers = wasm.numDataIds();
    const x = tf.tensor([1.5, -2, 3]);
    const copy = tf.clone(x);
    expect(wasm.numDataIds()).toBe(buffers + 1);
    x.dispose();
    expect(Array.from(copy.dataSync())).toEqual([1.5, -2, 3]);
    copy.dispose();
    expect(wasm.numDataIds()).toBe(buffers);
  });
});
