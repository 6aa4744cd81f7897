/**
 * `MaxPool` (./MaxPool) against the cpu backend, bit for bit: the SIMD 2×2/2 route over NaN, −∞
 * and ties, and the stock kernel for every other window, stride and padding.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import {
  bookPool,
  bookPoolCase,
  bookPoolInput,
  LARGE_BOOK_POOL,
  maxPoolOf,
  poolCase,
  poolHasOutput,
  poolInput,
} from '../testing/pool-cases';
import { expectSameBits, onThreadedWasm, onThreadsAndAlone, valueBits } from '../testing/threaded-wasm';
import { valuesOn } from '../testing/wasm-vs-cpu';

/** Each property draws fresh shapes; 30 runs keep the file to a few seconds. */
const RUNS = 30;

const sameValues = async (f: (x: tf.Tensor) => tf.Tensor, input: ReturnType<typeof poolInput>) =>
  expectSameBits(valueBits(await valuesOn('wasm', f, [input])), valueBits(await valuesOn('cpu', f, [input])));

onThreadedWasm();

describe('MaxPool on wasm', () => {
  it('should pool as the cpu backend does for any window, stride and padding', async () => {
    await fc.assert(
      fc.asyncProperty(poolCase(), async (c) => {
        fc.pre(poolHasOutput(c));
        await sameValues(maxPoolOf(c), poolInput(c));
      }),
      { numRuns: RUNS },
    );
  });

  it('should pool 2×2 windows in WebAssembly SIMD to the cpu backend’s bits, NaN and −∞ included', async () => {
    await fc.assert(
      fc.asyncProperty(bookPoolCase, async (c) => sameValues(bookPool, bookPoolInput(c))),
      { numRuns: RUNS },
    );
  });

  it('should give the same bits on the pool’s threads as on the main thread alone', async () => {
    await tf.setBackend('wasm');
    await fc.assert(
      fc.asyncProperty(bookPoolCase, async (c) => {
        const { shape, data } = bookPoolInput(c);
        const x = tf.tensor(data, shape);
        const [threaded, alone] = onThreadsAndAlone(() => bookPool(x));
        x.dispose();
        expectSameBits(threaded, alone);
      }),
      { numRuns: RUNS },
    );
  });

  it('should give the same bits on threads as alone for a pooling large enough for the threads', () => {
    const { shape, data } = bookPoolInput(LARGE_BOOK_POOL);
    const x = tf.tensor(data, shape);
    const [threaded, alone] = onThreadsAndAlone(() => bookPool(x));
    x.dispose();
    expectSameBits(threaded, alone);
  });
});
