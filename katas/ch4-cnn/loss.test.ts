import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectAllClose, expectNoLeak } from '../../lib/testing/tensors';
import { crossEntropy, naiveCrossEntropy } from './loss';

const CLASSES = 10;
/** 1–8 rows: the loss is a sum over the batch, so more than one row must be tested. */
const ROWS = fc.integer({ min: 1, max: 8 });
/** Logits a trained network produces: |z| ≤ 30 keeps every probability above float32's smallest normal. */
const MODERATE = fc.double({ min: -30, max: 30, noNaN: true }).map(Math.fround);
/**
 * Far past exp's overflow (z > 88.7) and the point where p underflows to 0 (a gap above ~104), yet
 * 8 rows of a loss up to 2e30 each stay far below float32's largest number, 3.4e38.
 */
const EXTREME = fc.double({ min: -1e30, max: 1e30, noNaN: true }).map(Math.fround);

const logitsOf = (entry: fc.Arbitrary<number>) =>
  ROWS.chain((n) =>
    fc.record({
      n: fc.constant(n),
      z: fc.array(entry, { minLength: n * CLASSES, maxLength: n * CLASSES }),
      labels: fc.array(fc.integer({ min: 0, max: CLASSES - 1 }), { minLength: n, maxLength: n }),
    }),
  );

const oneHotRows = (labels: number[]) =>
  labels.flatMap((label) => Array.from({ length: CLASSES }, (_, k) => (k === label ? 1 : 0)));
const rowOf = (z: number[], r: number) => z.slice(r * CLASSES, (r + 1) * CLASSES);

/** Plain JS in float64: −Σ log p_label with log p_k = z_k − m − log Σ exp(z_j − m). */
function crossEntropyReference(z: number[], labels: number[]): number {
  return labels.reduce((sum, label, r) => {
    const row = rowOf(z, r);
    const m = Math.max(...row);
    const logSumExp = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
    return sum + (logSumExp - row[label]!);
  }, 0);
}

/** Plain-JS softmax of one row, in float64. */
function softmaxReference(row: number[]): number[] {
  const m = Math.max(...row);
  const e = row.map((v) => Math.exp(v - m));
  const total = e.reduce((s, v) => s + v, 0);
  return e.map((v) => v / total);
}

/**
 * float32 keeps each logit to about |z|·2⁻²⁴; the loss subtracts logits, so a correct float32
 * computation can be off by a few such units per row, whatever formula it uses.
 */
function roundingTolerance(z: number[], rows: number): number {
  return 8 * rows * Math.max(1, ...z.map(Math.abs)) * 2 ** -24;
}

const loss = (z: number[], labels: number[]) =>
  tf.tidy(
    () =>
      crossEntropy(
        tf.tensor2d(z, [labels.length, CLASSES]),
        tf.tensor2d(oneHotRows(labels), [labels.length, CLASSES]),
      ).dataSync()[0]!,
  );

describe('ch4 loss: crossEntropy', () => {
  it('should return a scalar', () => {
    tf.tidy(() => {
      expect(crossEntropy(tf.zeros([2, CLASSES]), tf.tensor2d(oneHotRows([3, 4]), [2, CLASSES])).rank).toBe(0);
    });
  });

  it('should equal the plain-JS −Σ t·log softmax(z), summed over the batch', () => {
    fc.assert(
      fc.property(logitsOf(MODERATE), ({ z, labels }) => {
        const [got, expected] = [loss(z, labels), crossEntropyReference(z, labels)];
        const near = (a: number) => Math.abs(a - expected) <= 1e-4 * Math.max(1, expected);
        const isMean = labels.length > 1 && !near(got) && near(got * labels.length);
        expect(
          isMean,
          `the loss ${got} is the mean over the ${labels.length} rows; the book's loss is their sum, ${expected}`,
        ).toBe(false);
        expectAllClose([got], [expected]);
      }),
    );
  });

  it("should stay finite where the book's −Σ t log p turns NaN", () => {
    // Class 0 leads by 200: p for every other class underflows to 0, and 0·log 0 = 0·(−∞) = NaN.
    const z = [200, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    const naive = tf.tidy(() => naiveCrossEntropy(tf.tensor2d([z]), tf.tensor2d([oneHotRows([0])])).dataSync()[0]!);
    expect(naive, "the book's formula on this row (the reason for this kata)").toBeNaN();
    const stable = loss(z, [0]);
    expect(
      Number.isFinite(stable),
      `crossEntropy gave ${stable}: compute log p from z − max(z), never log(softmax(z))`,
    ).toBe(true);
    expect(stable).toBeCloseTo(0, 6);
  });

  it('should be finite and equal the plain-JS value for extreme logits', () => {
    fc.assert(
      fc.property(logitsOf(EXTREME), ({ z, labels }) => {
        const got = loss(z, labels);
        expect(
          Number.isFinite(got),
          `the loss is ${got} for logits up to ${Math.max(...z.map(Math.abs)).toExponential(2)}: an exp ` +
            `overflowed or a log saw 0`,
        ).toBe(true);
        const expected = crossEntropyReference(z, labels);
        expect(Math.abs(got - expected), `got ${got}, the plain-JS reference says ${expected}`).toBeLessThanOrEqual(
          1e-5 * Math.abs(expected) + roundingTolerance(z, labels.length),
        );
      }),
    );
  });

  it('should not change when a constant is added to every logit of a row (softmax ignores it)', () => {
    const SHIFT = fc.double({ min: -1000, max: 1000, noNaN: true }).map(Math.fround);
    fc.assert(
      fc.property(logitsOf(MODERATE), SHIFT, ({ z, labels }, c) => {
        const shifted = z.map((v) => Math.fround(v + c));
        expect(Math.abs(loss(shifted, labels) - loss(z, labels))).toBeLessThanOrEqual(
          1e-5 * Math.abs(loss(z, labels)) + roundingTolerance(shifted, labels.length),
        );
      }),
    );
  });

  it('should be zero or more for one-hot labels', () => {
    fc.assert(fc.property(logitsOf(MODERATE), ({ z, labels }) => loss(z, labels) >= 0));
  });

  it('should add up over the batch: the loss of all rows is the sum of the rows’ losses', () => {
    fc.assert(
      fc.property(logitsOf(MODERATE), ({ z, labels }) => {
        const perRow = labels.map((label, r) => loss(rowOf(z, r), [label]));
        expectAllClose([loss(z, labels)], [perRow.reduce((s, v) => s + v, 0)], 1e-5);
      }),
    );
  });

  it('should have gradient softmax(z) − t with respect to the logits, finite even for extreme logits', () => {
    fc.assert(
      fc.property(fc.oneof(logitsOf(MODERATE), logitsOf(EXTREME)), ({ n, z, labels }) =>
        tf.tidy(() => {
          const t = tf.tensor2d(oneHotRows(labels), [n, CLASSES]);
          const grad = tf.grad((logits: tf.Tensor) => crossEntropy(logits as tf.Tensor2D, t))(
            tf.tensor2d(z, [n, CLASSES]),
          );
          const expected = labels.flatMap((label, r) =>
            softmaxReference(rowOf(z, r)).map((p, k) => p - (k === label ? 1 : 0)),
          );
          const got = grad.dataSync();
          expect(got.every(Number.isFinite), 'every gradient entry is finite').toBe(true);
          // Probabilities are in [0, 1]: an absolute tolerance of 1e-5 is float32 rounding with room to spare.
          got.forEach((g, i) =>
            expect(
              Math.abs(g - expected[i]!),
              `gradient entry ${i}: got ${g}, expected ${expected[i]}`,
            ).toBeLessThanOrEqual(1e-5),
          );
        }),
      ),
    );
  });

  it('should leave no tensor behind but the one it returns', () => {
    const z = tf.tensor2d([[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]]);
    const t = tf.tensor2d([oneHotRows([2])]);
    expectNoLeak(() => crossEntropy(z, t));
    tf.dispose([z, t]);
  });
});
