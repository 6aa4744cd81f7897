/**
 * `Tf1AdamUpdate` (./Tf1AdamUpdate) on the threaded wasm backend: updates large enough for the
 * pool's threads give the bits of the JavaScript loop, on threads and alone. (Its bit-exactness
 * against the op form, on cpu and wasm, is checked in lib/tf1-adam.test.ts.)
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { accelOptions } from '../options';
import { expectSameBits, onThreadsAndAlone, onThreadedWasm } from '../testing/threaded-wasm';
import { values } from '../testing/wasm-vs-cpu';
import { tf1AdamUpdate } from './Tf1AdamUpdate';

/** Either side of the threaded update's 65536-weight threshold, with ragged fours. */
const THREADED_ADAM_SIZES = [65530, 70003] as const;
const ATTRS = { alpha: 1e-3, oneMinusBeta1: 0.1, oneMinusBeta2: Math.fround(0.001), epsilon: 1e-8 };
const sizes = fc.integer({ min: THREADED_ADAM_SIZES[0], max: THREADED_ADAM_SIZES[1] });

onThreadedWasm();

/** Runs `check` with seeded w, g, m and v (v ≥ 0) of `size` weights and the update of them. */
function withUpdate(size: number, seed: number, check: (update: () => tf.Tensor[]) => void): void {
  const [w, g, m, v] = [0, 1, 2, 3].map((i) => tf.tensor1d(values(size, seed + i, 'mixed')));
  const v2 = tf.square(v!);
  try {
    check(() => tf1AdamUpdate(w!, g!, m!, v2, ATTRS));
  } finally {
    tf.dispose([w!, g!, m!, v!, v2]);
  }
}

describe('Tf1AdamUpdate on the threaded wasm backend', () => {
  it('should update a variable large enough for the threads to the bits of the JavaScript loop', () => {
    fc.assert(
      fc.property(sizes, fc.nat(1_000_000), (size, seed) =>
        withUpdate(size, seed, (update) => {
          const [simd] = onThreadsAndAlone(update);
          accelOptions.simdAdamUpdate = false;
          try {
            expectSameBits(simd, onThreadsAndAlone(update)[0]);
          } finally {
            accelOptions.simdAdamUpdate = true;
          }
        }),
      ),
      { numRuns: 5 },
    );
  });

  it('should give the same bits on the pool’s threads as on the main thread alone', () => {
    fc.assert(
      fc.property(sizes, fc.nat(1_000_000), (size, seed) =>
        withUpdate(size, seed, (update) => {
          const [threaded, alone] = onThreadsAndAlone(update);
          expectSameBits(threaded, alone);
        }),
      ),
      { numRuns: 5 },
    );
  });
});
