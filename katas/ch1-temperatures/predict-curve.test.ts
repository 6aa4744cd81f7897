import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectAllClose, expectNoLeak } from '../../lib/testing/tensors';
import { predictTemperatures } from './predict-curve';

/** Parameters of the fitted curve's size (|w_n| < 20) and months on and around the year. */
const PARAM = fc.double({ min: -20, max: 20, noNaN: true });
const MONTH = fc.double({ min: 0, max: 13, noNaN: true });
/**
 * The polynomial's terms reach 20·13⁴ ≈ 6e5 and may cancel: compare with a tolerance on the
 * size of the largest term, which float32 rounds at about 6e5·6e-8 ≈ 0.04 per term.
 */
const TERM_REL_TOL = 1e-6;

describe('ch1 prediction: predictTemperatures', () => {
  it('should return one temperature per requested month', () => {
    fc.assert(
      fc.property(fc.array(PARAM, { minLength: 1, maxLength: 6 }), fc.array(MONTH, { maxLength: 30 }), (w, months) => {
        const wt = tf.tensor2d(w, [w.length, 1]);
        expect(predictTemperatures(wt, months)).toHaveLength(months.length);
        wt.dispose();
      }),
    );
  });

  it('should equal the plain-JS polynomial Σ w_n·m^n', () => {
    fc.assert(
      fc.property(
        fc.array(PARAM, { minLength: 1, maxLength: 6 }),
        fc.array(MONTH, { minLength: 1, maxLength: 30 }),
        (w, months) => {
          const wt = tf.tensor2d(w, [w.length, 1]);
          const got = predictTemperatures(wt, months);
          wt.dispose();
          months.forEach((m, i) => {
            const terms = w.map((wn, n) => Math.fround(wn) * m ** n);
            const scale = Math.max(1, ...terms.map(Math.abs)) * w.length;
            expectAllClose([got[i]!], [terms.reduce((s, v) => s + v, 0)], TERM_REL_TOL * scale * 100);
          });
        },
      ),
    );
  });

  it('should leave no tensor behind', () => {
    const w = tf.tensor2d([1, 2, 3], [3, 1]);
    expectNoLeak(() => void predictTemperatures(w, [1, 2, 3]));
    w.dispose();
  });
});
