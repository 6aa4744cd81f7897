import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectAllClose, expectNoLeak } from '../../lib/testing/tensors';
import { dropout } from './dropout';

/** Keep probabilities from 0.05 (almost everything dropped) to 1 (nothing dropped); the book uses 0.5. */
const KEEP = fc.double({ min: 0.05, max: 1, noNaN: true });
/** Seeds for the mask; tfjs's generators take any number. */
const SEED = fc.integer({ min: 1, max: 1_000_000 });
/** Small matrices of activations, like a batch of hidden layers. */
const ACTIVATIONS = fc
  .record({ n: fc.integer({ min: 1, max: 6 }), u: fc.integer({ min: 1, max: 12 }) })
  .chain(({ n, u }) =>
    fc.record({
      n: fc.constant(n),
      u: fc.constant(u),
      x: fc.array(fc.double({ min: -10, max: 10, noNaN: true }).map(Math.fround), {
        minLength: n * u,
        maxLength: n * u,
      }),
    }),
  );
/**
 * For the kept fraction: 100 × 100 units, each kept with probability p. The fraction's standard
 * deviation is √(p(1−p)/10⁴) ≤ 0.005, so 0.03 is six of them: a correct mask never misses by more.
 */
const LARGE: [number, number] = [100, 100];
const FRACTION_TOLERANCE = 0.03;

const values = (t: tf.Tensor) => Array.from(t.dataSync());

describe('ch5 dropout: dropout', () => {
  it('should pass x through unchanged at test time, whatever keepProb', () => {
    fc.assert(
      fc.property(ACTIVATIONS, KEEP, ({ n, u, x }, keep) =>
        tf.tidy(() => {
          expect(values(dropout(tf.tensor2d(x, [n, u]), keep, { training: false }))).toEqual(x);
        }),
      ),
    );
  });

  it('should hand back a new tensor at test time: disposing it leaves x alive', () => {
    const x = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const y = dropout(x, 0.5, { training: false });
    y.dispose();
    expect(x.isDisposed, 'x after the caller disposed what dropout returned').toBe(false);
    expect(values(x)).toEqual([1, 2, 3, 4]);
    x.dispose();
  });

  it('should refuse a keepProb outside (0, 1] with a RangeError naming it', () => {
    const x = tf.tensor2d([1, 2], [1, 2]);
    try {
      tf.dispose(dropout(x, 1, { training: true, seed: 1 }));
      for (const bad of [0, -0.5, 1.5, Number.NaN])
        expect(() => dropout(x, bad, { training: false })).toThrow(
          new RangeError(`keepProb must be in (0, 1], got ${bad}`),
        );
    } finally {
      x.dispose();
    }
  });

  it('should in training either drop a unit (0) or scale it by 1/keepProb', () => {
    fc.assert(
      fc.property(ACTIVATIONS, KEEP, SEED, ({ n, u, x }, keep, seed) =>
        tf.tidy(() => {
          const y = values(dropout(tf.tensor2d(x, [n, u]), keep, { training: true, seed }));
          y.forEach((v, i) => {
            const kept = Math.fround(x[i]! / keep);
            expect(
              v === 0 || Math.abs(v - kept) <= 1e-5 * Math.max(1, Math.abs(kept)),
              `unit ${i}: ${v} is neither 0 nor x/keepProb = ${kept}`,
            ).toBe(true);
          });
        }),
      ),
    );
  });

  it('should keep about keepProb of the units in training', () => {
    fc.assert(
      fc.property(KEEP, SEED, (keep, seed) =>
        tf.tidy(() => {
          const y = dropout(tf.ones(LARGE) as tf.Tensor2D, keep, { training: true, seed });
          const kept = tf.mean(tf.cast(tf.notEqual(y, 0), 'float32')).dataSync()[0]!;
          expect(
            Math.abs(kept - keep),
            `kept ${kept.toFixed(3)} of the units with keepProb ${keep.toFixed(3)}`,
          ).toBeLessThanOrEqual(FRACTION_TOLERANCE);
        }),
      ),
      { numRuns: 20 },
    );
  });

  it('should keep the mean activation unchanged on average (the 1/keepProb scaling)', () => {
    fc.assert(
      fc.property(KEEP, SEED, (keep, seed) =>
        tf.tidy(() => {
          // Each unit of 1s becomes 0 or 1/keep: the mean's deviation is the kept fraction's, divided by keep.
          const mean = tf.mean(dropout(tf.ones(LARGE) as tf.Tensor2D, keep, { training: true, seed })).dataSync()[0]!;
          expect(
            Math.abs(mean - 1),
            `mean ${mean.toFixed(3)} after dropout of 1s with keepProb ${keep.toFixed(3)}`,
          ).toBeLessThanOrEqual(FRACTION_TOLERANCE / keep);
        }),
      ),
      { numRuns: 20 },
    );
  });

  it('should drop the same units for the same seed', () => {
    fc.assert(
      fc.property(SEED, (seed) =>
        tf.tidy(() => {
          const x = tf.ones(LARGE) as tf.Tensor2D;
          expect(values(dropout(x, 0.5, { training: true, seed })), 'same seed, same mask').toEqual(
            values(dropout(x, 0.5, { training: true, seed })),
          );
        }),
      ),
      { numRuns: 10 },
    );
  });

  it('should drop different units for different seeds', () => {
    fc.assert(
      fc.property(SEED, SEED, (a, b) => {
        fc.pre(a !== b);
        tf.tidy(() => {
          const x = tf.ones(LARGE) as tf.Tensor2D;
          // Two independent masks of 10⁴ units agree everywhere with probability 2^-10000.
          expect(values(dropout(x, 0.5, { training: true, seed: a })), 'different seeds, different masks').not.toEqual(
            values(dropout(x, 0.5, { training: true, seed: b })),
          );
        });
      }),
      { numRuns: 10 },
    );
  });

  it('should drop nothing in training when keepProb is 1', () => {
    fc.assert(
      fc.property(ACTIVATIONS, SEED, ({ n, u, x }, seed) =>
        tf.tidy(() => {
          expectAllClose(values(dropout(tf.tensor2d(x, [n, u]), 1, { training: true, seed })), x);
        }),
      ),
    );
  });

  it('should pass gradients through the kept units only, scaled by 1/keepProb', () => {
    fc.assert(
      fc.property(KEEP, SEED, (keep, seed) =>
        tf.tidy(() => {
          const x = tf.ones([10, 10]) as tf.Tensor2D;
          const y = values(dropout(x, keep, { training: true, seed }));
          const grad = values(
            tf.grad((input: tf.Tensor) => tf.sum(dropout(input as tf.Tensor2D, keep, { training: true, seed })))(x),
          );
          // With x = 1 everywhere, a unit's output is exactly its gradient: 0 or 1/keep.
          expectAllClose(grad, y);
        }),
      ),
      { numRuns: 20 },
    );
  });

  it('should leave no tensor behind but the one it returns, in training and at test time', () => {
    const x = tf.ones([4, 8]) as tf.Tensor2D;
    expectNoLeak(() => dropout(x, 0.5, { training: true, seed: 1 }));
    expectNoLeak(() => dropout(x, 0.5, { training: false }));
    const y = dropout(x, 0.5, { training: false });
    expect(
      y,
      'return a new tensor at test time (tf.clone(x)), not x itself: the caller disposes what it gets',
    ).not.toBe(x);
    tf.dispose([x, y]);
  });
});
