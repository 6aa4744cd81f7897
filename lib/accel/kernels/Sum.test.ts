/**
 * `Sum` (./Sum) against the cpu backend: any set of axes, leading axes without a transpose, and
 * large tensors as float64 column sums on the pool.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { expectSameBits, onThreadsAndAlone, onThreadedWasm } from '../testing/threaded-wasm';
import { compareValues, values } from '../testing/wasm-vs-cpu';

/** Each property draws fresh shapes; 30 runs keep the file to a few seconds. */
const RUNS = 30;
/** Up to 3000 rows of up to 96 columns: past the pool route's 16384-value threshold, with any column count. */
const MAX_ROWS = 3000;
const MAX_COLUMN_FOURS = 24;

/** Large tensors are slow to draw: 8 runs. */
const LARGE_RUNS = 8;
const largeCase = fc.record({
  rows: fc.integer({ min: 1, max: MAX_ROWS }),
  fours: fc.integer({ min: 1, max: MAX_COLUMN_FOURS }),
  seed: fc.nat(1_000_000),
});

onThreadedWasm();

describe('Sum on wasm', () => {
  it('should sum over any set of axes as the cpu backend does, leading axes included', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }).chain((shape) =>
          fc.record({
            shape: fc.constant(shape),
            axes: fc.subarray(
              shape.map((_, i) => i),
              { minLength: 1 },
            ),
            keepDims: fc.boolean(),
            seed: fc.nat(1_000_000),
          }),
        ),
        async (c) => {
          const data = values(
            c.shape.reduce((p, q) => p * q),
            c.seed,
            'mixed',
          );
          await compareValues((x) => tf.sum(x, c.axes, c.keepDims), [{ shape: c.shape, data }]);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('should sum large tensors over their leading axes as the cpu backend does', async () => {
    await fc.assert(
      fc.asyncProperty(largeCase, async (c) => {
        const data = values(c.rows * 8 * c.fours, c.seed, 'mixed');
        await compareValues((x) => tf.sum(x, [0, 1]), [{ shape: [c.rows, 2, 4 * c.fours], data }]);
      }),
      { numRuns: LARGE_RUNS },
    );
  });

  it('should give the same bits on the pool’s threads as on the main thread alone', async () => {
    await tf.setBackend('wasm');
    await fc.assert(
      fc.asyncProperty(largeCase, async (c) => {
        const x = tf.tensor(values(c.rows * 8 * c.fours, c.seed, 'mixed'), [c.rows, 2, 4 * c.fours]);
        const [threaded, alone] = onThreadsAndAlone(() => tf.sum(x, [0, 1]));
        x.dispose();
        expectSameBits(threaded, alone);
      }),
      { numRuns: LARGE_RUNS },
    );
  });
});
