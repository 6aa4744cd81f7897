import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accelOptions, hasTf1AdamUpdate, tf1AdamUpdate, type Tf1AdamUpdateAttrs, wasmSimdAvailable } from './accel';
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
        const expected = referenceAdam(
          target.map(() => 0),
          (x) => x.map((xi, i) => 2 * (xi - target[i]!)),
          steps,
          0.1,
        );
        Array.from(w.dataSync()).forEach((got, i) =>
          expect(Math.abs(got - expected[i]!)).toBeLessThanOrEqual(AGREEMENT * Math.max(1, Math.abs(expected[i]!))),
        );
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

/** Up to 3 dimensions of up to 5: shapes of every rank the networks use, and odd sizes. */
const MAX_RANK = 3;
const MAX_SIDE = 5;
/** Up to 4 steps: enough for β^t, α_t and the slots to move away from their first-step values. */
const MAX_STEPS = 4;
/**
 * |values| up to 1e6 (and v up to 1e12, a square of that): wide enough for float32 rounding to
 * matter in every operation, including subnormals near 0, while g·g stays finite in float32.
 */
const MAX_ABS = 1e6;
/** Tensor properties are slow per run; 40 runs per backend draw shapes of every rank many times. */
const FUSED_RUNS = 40;

const float = fc.float({ min: -MAX_ABS, max: MAX_ABS, noNaN: true, noDefaultInfinity: true });
const nonNegative = fc.float({ min: 0, max: f32(MAX_ABS * MAX_ABS), noNaN: true, noDefaultInfinity: true });
const shapeArb = fc.array(fc.integer({ min: 1, max: MAX_SIDE }), { minLength: 0, maxLength: MAX_RANK });
const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** The op form of the update (Tf1Adam's fallback), in TF 1.x's order. */
function opForm(w: tf.Tensor, g: tf.Tensor, m: tf.Tensor, v: tf.Tensor, a: Tf1AdamUpdateAttrs): tf.Tensor[] {
  return tf.tidy(() => {
    const newM = m.add(g.sub(m).mul(tf.scalar(a.oneMinusBeta1)));
    const newV = v.add(g.square().sub(v).mul(tf.scalar(a.oneMinusBeta2)));
    const newW = w.sub(newM.mul(tf.scalar(a.alpha)).div(newV.sqrt().add(tf.scalar(a.epsilon))));
    return [newW, newM, newV];
  });
}

/** Same float32 bit patterns (so -0 ≠ +0), element for element. */
function expectSameBits(actual: tf.Tensor, expected: tf.Tensor, what: string): void {
  const got = new Uint32Array(new Float32Array(actual.dataSync()).buffer);
  const want = new Uint32Array(new Float32Array(expected.dataSync()).buffer);
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (got[i] !== want[i])
      throw new Error(`${what}[${i}]: fused ${actual.dataSync()[i]} vs ops ${expected.dataSync()[i]}`);
  }
}

// On wasm the kernel runs as WebAssembly SIMD, or as the JavaScript loop the cpu backend uses.
describe.each([
  { backendName: 'cpu', simd: false, label: 'cpu' },
  { backendName: 'wasm', simd: true, label: 'wasm (SIMD)' },
  { backendName: 'wasm', simd: false, label: 'wasm (JavaScript loop)' },
])('the fused Tf1AdamUpdate kernel on $label', ({ backendName, simd }) => {
  let previous = '';
  beforeAll(async () => {
    previous = tf.getBackend();
    expect(await tf.setBackend(backendName)).toBe(true);
    accelOptions.simdAdamUpdate = simd;
  });
  afterAll(async () => {
    accelOptions.simdAdamUpdate = true;
    await tf.setBackend(previous);
  });

  it('should be registered for the backend, with its SIMD form compiled on wasm', () => {
    expect(hasTf1AdamUpdate()).toBe(true);
    if (backendName === 'wasm') expect(wasmSimdAvailable()).toBe(true);
  });

  it('should compute w, m and v bit for bit as the op form does, for any shape, values and hyperparameters', () => {
    const caseArb = shapeArb.chain((shape) =>
      fc.record({
        shape: fc.constant(shape),
        w: fc.array(float, { minLength: size(shape), maxLength: size(shape) }),
        g: fc.array(float, { minLength: size(shape), maxLength: size(shape) }),
        m: fc.array(float, { minLength: size(shape), maxLength: size(shape) }),
        v: fc.array(nonNegative, { minLength: size(shape), maxLength: size(shape) }),
        alpha: fc.float({ min: Math.fround(1e-6), max: 1, noNaN: true }),
        beta1: fc.float({ min: 0, max: Math.fround(0.999), noNaN: true }),
        beta2: fc.float({ min: 0, max: Math.fround(0.9999), noNaN: true }),
        epsilon: fc.constantFrom(1e-8, 1e-7, 1e-3),
      }),
    );
    fc.assert(
      fc.property(caseArb, (c) => {
        const [w, g, m, v] = [c.w, c.g, c.m, c.v].map((values) => tf.tensor(values, c.shape, 'float32'));
        const attrs = {
          alpha: c.alpha,
          oneMinusBeta1: f32(1 - c.beta1),
          oneMinusBeta2: f32(1 - c.beta2),
          epsilon: c.epsilon,
        };
        const fused = tf1AdamUpdate(w!, g!, m!, v!, attrs);
        const ops = opForm(w!, g!, m!, v!, attrs);
        ['w', 'm', 'v'].forEach((name, i) => expectSameBits(fused[i]!, ops[i]!, name));
        tf.dispose([w!, g!, m!, v!, ...fused, ...ops]);
      }),
      { numRuns: FUSED_RUNS },
    );
  });

  it('should train bit for bit as Tf1Adam without the fused kernel does, step after step', () => {
    const caseArb = shapeArb.chain((shape) =>
      fc.record({
        shape: fc.constant(shape),
        w: fc.array(float, { minLength: size(shape), maxLength: size(shape) }),
        grads: fc.array(fc.array(float, { minLength: size(shape), maxLength: size(shape) }), {
          minLength: 1,
          maxLength: MAX_STEPS,
        }),
        learningRate: fc.constantFrom(1e-4, 5e-4, 1e-3, 0.1),
      }),
    );
    fc.assert(
      fc.property(caseArb, (c) => {
        const fusedW = tf.variable(tf.tensor(c.w, c.shape, 'float32'));
        const opsW = tf.variable(tf.tensor(c.w, c.shape, 'float32'));
        const fused = new Tf1Adam({ learningRate: c.learningRate });
        const ops = new Tf1Adam({ learningRate: c.learningRate, fused: false });
        for (const values of c.grads) {
          const g = tf.tensor(values, c.shape, 'float32');
          fused.applyGradients({ [fusedW.name]: g });
          ops.applyGradients({ [opsW.name]: g });
          g.dispose();
          expectSameBits(fusedW, opsW, 'w');
        }
        fused.dispose();
        ops.dispose();
        tf.dispose([fusedW, opsW]);
      }),
      { numRuns: FUSED_RUNS },
    );
  });

  it('should leave no tensor and no backend buffer behind after a fused step', () => {
    const w = tf.variable(tf.randomNormal([7, 3], 0, 1, 'float32', 1));
    const opt = new Tf1Adam({ learningRate: 0.01 });
    const loss = () => tf.sum(tf.square(w)) as tf.Scalar;
    opt.minimize(loss); // creates the slots
    const tensors = tf.memory().numTensors;
    const buffers = tf.backend().numDataIds();
    for (let i = 0; i < 3; i++) opt.minimize(loss);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.backend().numDataIds()).toBe(buffers);
    opt.dispose();
    w.dispose();
  });

  it('should refuse inputs of different shapes or dtypes', () => {
    const attrs = { alpha: 0.1, oneMinusBeta1: 0.1, oneMinusBeta2: 0.001, epsilon: 1e-8 };
    const a = tf.zeros([2]);
    const b = tf.zeros([3]);
    const i = tf.zeros([2], 'int32');
    expect(() => tf1AdamUpdate(a, b, a, a, attrs)).toThrow(/shape/);
    expect(() => tf1AdamUpdate(a, i, a, a, attrs)).toThrow(/float32/);
    tf.dispose([a, b, i]);
  });
});
