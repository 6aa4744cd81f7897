/**
 * `Cast` (./Cast): same-dtype casts share the buffer; other casts convert as the stock kernel does.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { onThreadedWasm } from '../testing/threaded-wasm';

onThreadedWasm();

describe('Cast on wasm', () => {
  it('should give same-dtype casts that outlive their source, and convert other dtypes', () => {
    const wasm = tf.backend();
    const buffers = wasm.numDataIds();
    const x = tf.tensor([1.5, -2, 3]);
    const same = tf.cast(x, 'float32');
    const ints = tf.cast(x, 'int32');
    expect(wasm.numDataIds()).toBe(buffers + 2);
    x.dispose();
    expect(Array.from(same.dataSync())).toEqual([1.5, -2, 3]);
    expect(Array.from(ints.dataSync())).toEqual([1, -2, 3]);
    expect(ints.dtype).toBe('int32');
    tf.dispose([same, ints]);
    expect(wasm.numDataIds()).toBe(buffers);
  });
});
