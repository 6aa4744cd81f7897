import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectNoLeak } from '../../lib/testing/tensors';
import { accuracy } from './accuracy';

const CLASSES = 10;
/** 1–20 rows: accuracies such as 7/13 show a mean taken over the wrong axis or count. */
const ROWS = fc.integer({ min: 1, max: 20 });
/** Ten distinct scores per row, so every row has one highest class and ties never decide. */
const SCORE_ROW = fc.uniqueArray(fc.integer({ min: -50, max: 50 }), { minLength: CLASSES, maxLength: CLASSES });
const CASE = ROWS.chain((n) =>
  fc.record({
    n: fc.constant(n),
    scores: fc.array(SCORE_ROW, { minLength: n, maxLength: n }),
    labels: fc.array(fc.integer({ min: 0, max: CLASSES - 1 }), { minLength: n, maxLength: n }),
  }),
);

const oneHotRows = (labels: number[]) =>
  labels.map((label) => Array.from({ length: CLASSES }, (_, k) => (k === label ? 1 : 0)));
const argmax = (row: number[]) => row.indexOf(Math.max(...row));
const accuracyOf = (scores: number[][], labels: number[]) =>
  tf.tidy(() => accuracy(tf.tensor2d(scores), tf.tensor2d(oneHotRows(labels))).dataSync()[0]!);

describe('ch4 accuracy: accuracy', () => {
  it('should return a scalar', () => {
    tf.tidy(() => {
      expect(accuracy(tf.tensor2d(oneHotRows([1, 2])), tf.tensor2d(oneHotRows([1, 2]))).rank).toBe(0);
    });
  });

  it('should be 1 when the predictions are the one-hot labels themselves', () => {
    fc.assert(fc.property(CASE, ({ labels }) => accuracyOf(oneHotRows(labels), labels) === 1));
  });

  it('should be 0 when every prediction is the next class after the label', () => {
    fc.assert(
      fc.property(CASE, ({ labels }) => accuracyOf(oneHotRows(labels.map((l) => (l + 1) % CLASSES)), labels) === 0),
    );
  });

  it('should equal the plain-JS fraction of rows whose highest score is the label', () => {
    fc.assert(
      fc.property(CASE, ({ n, scores, labels }) => {
        const expected = labels.filter((label, r) => argmax(scores[r]!) === label).length / n;
        expect(accuracyOf(scores, labels)).toBeCloseTo(expected, 6);
      }),
    );
  });

  it('should be the same for logits and their softmax probabilities', () => {
    fc.assert(
      fc.property(CASE, ({ scores, labels }) => {
        // Divide by 10 so that the softmax of the integer scores is not rounded to exact 0s and 1s.
        const probabilities = tf.tidy(() => tf.softmax(tf.div(tf.tensor2d(scores), 10)).arraySync() as number[][]);
        expect(accuracyOf(probabilities, labels)).toBe(accuracyOf(scores, labels));
      }),
    );
  });

  it('should leave no tensor behind but the one it returns', () => {
    const scores = tf.tensor2d(oneHotRows([0, 1, 2]));
    const t = tf.tensor2d(oneHotRows([0, 2, 2]));
    expectNoLeak(() => accuracy(scores, t));
    tf.dispose([scores, t]);
  });
});
