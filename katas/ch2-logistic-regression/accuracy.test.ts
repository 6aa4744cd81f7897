import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectAllWithin, expectNoLeak } from '../../lib/testing/tensors';
import { accuracy } from './accuracy';

/** Any probability, including exactly 0, 0.5 and 1. */
const P = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 0.5, 1));
const LABEL = fc.constantFrom(0, 1);
/** Up to 60 points: the book's sets have 35 and 280. */
const CASE = fc.array(fc.tuple(P, LABEL), { minLength: 1, maxLength: 60 });

const column = (values: readonly number[]) => tf.tensor2d([...values], [values.length, 1]);
const accuracyOf = (p: readonly number[], t: readonly number[]) =>
  tf.tidy(() => accuracy(column(p), column(t)).dataSync()[0]!);
const split = (c: [number, number][]) => ({ p: c.map(([p]) => p), t: c.map(([, t]) => t) });
/** The book's rule in plain JS: sign(p − 0.5) = sign(t − 0.5); p = 0.5 has sign 0 and is never right. */
const reference = (p: readonly number[], t: readonly number[]) =>
  p.filter((pi, i) => Math.sign(Math.fround(pi) - 0.5) === Math.sign(t[i]! - 0.5)).length / p.length;

describe('ch2 accuracy: accuracy', () => {
  it('should lie in [0, 1]', () => {
    fc.assert(
      fc.property(CASE, (c) => {
        expectAllWithin([accuracyOf(split(c).p, split(c).t)], 0, 1, 'the accuracy, a share of the points,');
      }),
    );
  });

  it('should equal the plain-JS share of points with sign(p − 0.5) = sign(t − 0.5)', () => {
    fc.assert(
      fc.property(CASE, (c) => {
        const { p, t } = split(c);
        expect(accuracyOf(p, t)).toBeCloseTo(reference(p, t), 6);
      }),
    );
  });

  it('should not change when the points are reordered', () => {
    fc.assert(
      fc.property(CASE, fc.nat(), (c, shift) => {
        const k = shift % c.length;
        const rotated = [...c.slice(k), ...c.slice(0, k)].reverse();
        expect(accuracyOf(split(rotated).p, split(rotated).t)).toBeCloseTo(accuracyOf(split(c).p, split(c).t), 6);
      }),
    );
  });

  it('should be 1 when every prediction is on the right side of 0.5', () => {
    const MARGIN = fc.double({ min: 1e-3, max: 0.5, noNaN: true });
    fc.assert(
      fc.property(fc.array(fc.tuple(LABEL, MARGIN), { minLength: 1, maxLength: 60 }), (c) => {
        const t = c.map(([label]) => label);
        const p = c.map(([label, m]) => (label === 1 ? 0.5 + m : 0.5 - m));
        expect(accuracyOf(p, t)).toBe(1);
      }),
    );
  });

  it('should be 0 when every prediction is on the wrong side', () => {
    fc.assert(
      fc.property(
        fc.array(LABEL, { minLength: 1, maxLength: 60 }),
        (t) =>
          accuracyOf(
            t.map((v) => 1 - v),
            t,
          ) === 0,
      ),
    );
  });

  it("should count p = 0.5 as wrong, as the book's tf.sign does (so the zero-initialised model scores 0)", () => {
    fc.assert(
      fc.property(
        fc.array(LABEL, { minLength: 1, maxLength: 60 }),
        (t) =>
          accuracyOf(
            t.map(() => 0.5),
            t,
          ) === 0,
      ),
    );
  });

  it('should leave no tensor behind but the one it returns', () => {
    const p = column([0.1, 0.9, 0.5]);
    const t = column([0, 1, 1]);
    expectNoLeak(() => accuracy(p, t));
    tf.dispose([p, t]);
  });
});
