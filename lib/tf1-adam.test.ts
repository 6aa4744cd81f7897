import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Tf1Adam, TF1_ADAM_DEFAULTS } from './tf1-adam';

const f32 = Math.fround;

/** TF 1.x's ApplyAdam, written out in plain JS with every operation rounded to float32. */
function referenceAdam(w0: number[], grad: (w: number[]) => number[], steps: number, lr: number): number[] {
  const { beta1, beta2, epsilon } = TF1_ADAM_DEFAULTS;
  let w = w0.map(f32);
  let m = w.map(() => 0);
  let v = w.map(() => 0);
  let b1p = f32(beta1);
  let b2p = f32(beta2);
  for (let s = 0; s < steps; s++) {
    const g = grad(w).map(f32);
    const alpha = f32(f32(f32(lr) * f32(Math.sqrt(f32(1 - b2p)))) / f32(1 - b1p));
    m = m.map((mi, i) => f32(mi + f32(f32(g[i]! - mi) * f32(1 - f32(beta1)))));
    v = v.map((vi, i) => f32(vi + f32(f32(f32(g[i]! * g[i]!) - vi) * f32(1 - f32(beta2)))));
    w = w.map((wi, i) => f32(wi - f32(f32(m[i]! * alpha) / f32(f32(Math.sqrt(v[i]!)) + f32(epsilon)))));
    b1p = f32(b1p * f32(beta1));
    b2p = f32(b2p * f32(beta2));
  }
  return w;
}

/**
 * Gradients are computed by tfjs in float32 with its own op order, so the two paths may differ in
 * the last bit of a gradient; Adam normalises steps, so after a few steps they agree to ~1e-6.
 */
const AGREEMENT = 1e-5;

describe('Tf1Adam', () => {
  it("should follow TF 1.x's ApplyAdam step by step on a quadratic bowl", () => {
    const TARGET = fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(TARGET, fc.integer({ min: 1, max: 30 }), (target, steps) => {
        const w = tf.variable(tf.zeros([target.length]));
        const c = tf.tensor1d(target);
        const opt = new Tf1Adam({ learningRate: 0.1 });
        for (let s = 0; s < steps; s++) opt.minimize(() => tf.sum(tf.square(tf.sub(w, c))), false, [w]);
        const expected = referenceAdam(target.map(() => 0), (x) => x.map((xi, i) => 2 * (xi - target[i]!)), steps, 0.1);
        Array.from(w.dataSync()).forEach((got, i) => expect(Math.abs(got - expected[i]!)).toBeLessThanOrEqual(AGREEMENT * Math.max(1, Math.abs(expected[i]!))));
        opt.dispose();
        tf.dispose([w, c]);
      }),
      { numRuns: 20 },
    );
  });

  it('should take a first step of exactly the learning rate against the gradient sign', () => {
    // At t = 1, α·m/√v = lr·g/|g| (up to ε): Adam's first step has the size of the learning rate.
    const w = tf.variable(tf.tensor1d([0, 0]));
    const opt = new Tf1Adam({ learningRate: 0.01 });
    opt.minimize(() => tf.sum(tf.mul(w, tf.tensor1d([3, -5]))), false, [w]);
    expectCloseArray(Array.from(w.dataSync()), [-0.01, 0.01]);
    opt.dispose();
    w.dispose();
  });

  it('should free its slot variables on dispose', () => {
    const before = tf.memory().numTensors;
    const w = tf.tidy(() => tf.variable(tf.tensor1d([1, 2])));
    const opt = new Tf1Adam();
    opt.minimize(() => tf.sum(tf.square(w)), false, [w]);
    opt.dispose();
    w.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('should accept gradients given as a list of named tensors', () => {
    const w = tf.variable(tf.tensor1d([1]));
    const opt = new Tf1Adam({ learningRate: 0.5 });
    const g = tf.tensor1d([2]);
    opt.applyGradients([{ name: w.name, tensor: g }]);
    expectCloseArray(Array.from(w.dataSync()), [0.5]);
    expect(opt.getConfig()).toEqual({ ...TF1_ADAM_DEFAULTS, learningRate: 0.5 });
    opt.dispose();
    tf.dispose([w, g]);
  });
});

function expectCloseArray(actual: number[], expected: number[]): void {
  actual.forEach((a, i) => expect(a).toBeCloseTo(expected[i]!, 6));
}
