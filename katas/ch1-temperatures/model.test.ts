import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectNoLeak, matMulReference } from '../../lib/testing/tensors';
import { predict } from './model';

/**
 * Small integers keep every product and partial sum below 2^24, where float32 is exact: the
 * model must then agree with plain JS to the last bit, so no tolerance is needed.
 */
const ENTRY = fc.integer({ min: -100, max: 100 });
const COEFFICIENT = fc.integer({ min: -10, max: 10 });
/** Up to 12 rows (months) and 6 columns (degree 5): enough to catch a transposed product. */
const CASE = fc.record({ n: fc.integer({ min: 1, max: 12 }), k: fc.integer({ min: 1, max: 6 }) }).chain(({ n, k }) =>
  fc.record({
    n: fc.constant(n),
    k: fc.constant(k),
    x: fc.array(ENTRY, { minLength: n * k, maxLength: n * k }),
    w: fc.array(ENTRY, { minLength: k, maxLength: k }),
    w2: fc.array(ENTRY, { minLength: k, maxLength: k }),
    a: COEFFICIENT,
    b: COEFFICIENT,
  }),
);

describe('ch1 model: predict', () => {
  it('should return one prediction per row, shape [N, 1]', () => {
    fc.assert(
      fc.property(CASE, ({ n, k, x, w }) =>
        tf.tidy(() => {
          expect(
            predict(tf.tensor2d(x, [n, k]), tf.tensor2d(w, [k, 1])).shape,
            'the shape of predict(x [N, K], w [K, 1])',
          ).toEqual([n, 1]);
        }),
      ),
    );
  });

  it('should equal the plain-JS product x·w', () => {
    fc.assert(
      fc.property(CASE, ({ n, k, x, w }) =>
        tf.tidy(() => {
          const y = predict(tf.tensor2d(x, [n, k]), tf.tensor2d(w, [k, 1]));
          expect(Array.from(y.dataSync())).toEqual(Array.from(matMulReference(x, w, n, k, 1)));
        }),
      ),
    );
  });

  it('should be linear in w: predict(x, a·w + b·w2) = a·predict(x, w) + b·predict(x, w2)', () => {
    fc.assert(
      fc.property(CASE, ({ n, k, x, w, w2, a, b }) =>
        tf.tidy(() => {
          const xs = tf.tensor2d(x, [n, k]);
          const combined = predict(
            xs,
            tf.tensor2d(
              w.map((v, i) => a * v + b * w2[i]!),
              [k, 1],
            ),
          ).dataSync();
          const p1 = predict(xs, tf.tensor2d(w, [k, 1])).dataSync();
          const p2 = predict(xs, tf.tensor2d(w2, [k, 1])).dataSync();
          expect(Array.from(combined)).toEqual(Array.from(p1, (v, i) => a * v + b * p2[i]! + 0));
        }),
      ),
    );
  });

  it('should leave no tensor behind but the one it returns', () => {
    const x = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const w = tf.tensor2d([0.5, -1], [2, 1]);
    expectNoLeak(() => predict(x, w));
    tf.dispose([x, w]);
  });
});
