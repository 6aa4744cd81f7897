import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectAllClose, expectNoLeak, matMulReference } from '../../lib/testing/tensors';
import { classProbabilities, denseHead, NUM_CLASSES, type DenseHeadParams } from './head';

/** 1–5 rows, 1–8 features, 1–8 hidden units: every shape bug shows, and the plain-JS loops stay tiny. */
const ROWS = fc.integer({ min: 1, max: 5 });
const FEATURES = fc.integer({ min: 1, max: 8 });
const UNITS = fc.integer({ min: 1, max: 8 });
/**
 * Small integers keep every sum exact in float32 (hidden ≤ 8·100 + 10, logits ≤ 8·810·10 + 10,
 * far below 2^24), so the head must match plain JS exactly; negatives exercise the ReLU.
 */
const ENTRY = fc.integer({ min: -10, max: 10 });
const NON_NEGATIVE = fc.integer({ min: 0, max: 10 });
const NEGATIVE = fc.integer({ min: -10, max: -1 });

const ints = (length: number, entry = ENTRY) => fc.array(entry, { minLength: length, maxLength: length });
const CASE = fc.record({ n: ROWS, k: FEATURES, u: UNITS }).chain(({ n, k, u }) =>
  fc.record({
    n: fc.constant(n),
    k: fc.constant(k),
    u: fc.constant(u),
    x: ints(n * k),
    w2: ints(k * u),
    b2: ints(u),
    w0: ints(u * NUM_CLASSES),
    b0: ints(NUM_CLASSES),
  }),
);
type Case = { n: number; k: number; u: number; x: number[]; w2: number[]; b2: number[]; w0: number[]; b0: number[] };

function tensors({ n, k, u, x, w2, b2, w0, b0 }: Case): { features: tf.Tensor2D; params: DenseHeadParams } {
  return {
    features: tf.tensor2d(x, [n, k]),
    params: {
      w2: tf.tensor2d(w2, [k, u]),
      b2: tf.tensor1d(b2),
      w0: tf.tensor2d(w0, [u, NUM_CLASSES]),
      b0: tf.tensor1d(b0),
    },
  };
}

/** Plain JS: relu(x·w2 + b2)·w0 + b0. */
function headReference({ n, k, u, x, w2, b2, w0, b0 }: Case): number[] {
  const hidden = Array.from(matMulReference(x, w2, n, k, u), (v, i) => Math.max(0, v + b2[i % u]!));
  return Array.from(matMulReference(hidden, w0, n, u, NUM_CLASSES), (v, i) => v + b0[i % NUM_CLASSES]!);
}

describe('ch4 head: denseHead and classProbabilities', () => {
  it('should return one row of 10 logits per example, shape [N, 10]', () => {
    fc.assert(
      fc.property(CASE, (c) =>
        tf.tidy(() => {
          const { features, params } = tensors(c);
          expect(denseHead(features, params).shape).toEqual([c.n, NUM_CLASSES]);
        }),
      ),
    );
  });

  it('should equal the plain-JS relu(x·w2 + b2)·w0 + b0', () => {
    fc.assert(
      fc.property(CASE, (c) =>
        tf.tidy(() => {
          const { features, params } = tensors(c);
          expectAllClose(denseHead(features, params).dataSync(), headReference(c));
        }),
      ),
    );
  });

  it('should let no negative hidden value through: with every hidden pre-activation < 0, the logits are b0', () => {
    // x ≥ 0, w2 ≤ 0 and b2 < 0 make x·w2 + b2 < 0 everywhere, so a ReLU leaves only b0.
    const DEAD = CASE.chain((c) =>
      fc
        .record({ x: ints(c.n * c.k, NON_NEGATIVE), w2: ints(c.k * c.u, NEGATIVE), b2: ints(c.u, NEGATIVE) })
        .map((neg) => ({ ...c, ...neg })),
    );
    fc.assert(
      fc.property(DEAD, (c) =>
        tf.tidy(() => {
          const { features, params } = tensors(c);
          const expected = Array.from({ length: c.n }, () => c.b0).flat();
          expect(
            Array.from(denseHead(features, params).dataSync()),
            'logits with every hidden unit switched off by the ReLU',
          ).toEqual(expected);
        }),
      ),
    );
  });

  it('should turn logits into probabilities that lie in [0, 1] and sum to 1 in every row', () => {
    fc.assert(
      fc.property(CASE, (c) =>
        tf.tidy(() => {
          const { features, params } = tensors(c);
          // Scale the integer logits down so that the softmax is not simply one-hot.
          const p = classProbabilities(tf.div(denseHead(features, params), 100) as tf.Tensor2D).arraySync();
          for (const row of p) {
            expect(Math.min(...row)).toBeGreaterThanOrEqual(0);
            expect(Math.max(...row)).toBeLessThanOrEqual(1);
            expectAllClose([row.reduce((s, v) => s + v, 0)], [1]);
          }
        }),
      ),
    );
  });

  it("should give every digit probability 1/10 at the book's initial w0 = 0, b0 = 0", () => {
    fc.assert(
      fc.property(CASE, (c) =>
        tf.tidy(() => {
          const { features, params } = tensors({
            ...c,
            w0: new Array<number>(c.u * NUM_CLASSES).fill(0),
            b0: new Array<number>(NUM_CLASSES).fill(0),
          });
          expectAllClose(
            classProbabilities(denseHead(features, params)).dataSync(),
            new Array<number>(c.n * NUM_CLASSES).fill(0.1),
          );
        }),
      ),
    );
  });

  it('should leave no tensor behind but the one it returns', () => {
    const { features, params } = tensors({
      n: 2,
      k: 3,
      u: 4,
      x: [1, 2, 3, 4, 5, 6],
      w2: new Array(12).fill(1),
      b2: [0, 1, -1, 2],
      w0: new Array(40).fill(0.5),
      b0: new Array(10).fill(0),
    });
    expectNoLeak(() => denseHead(features, params));
    tf.dispose([features, ...Object.values(params)]);
  });
});
