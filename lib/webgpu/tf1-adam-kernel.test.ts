/**
 * TF 1.x Adam on the webgpu backend (./tf1-adam-kernel) against the cpu backend's op form, bit for
 * bit: the same float32 rounding of every operation, on any shape and values.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { hasTf1AdamUpdate, type Tf1AdamUpdateAttrs, tf1AdamUpdate } from '../accel';
import { describeOnWebGpu, useWebGpuBackend } from '../testing/webgpu';
import { Tf1Adam } from '../tf1-adam';

const f32 = Math.fround;
/** Up to 3 dimensions of up to 5, and one vector long enough to need many workgroups. */
const SHAPE: fc.Arbitrary<number[]> = fc.oneof(
  fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 0, maxLength: 3 }),
  fc.constant<number[]>([1000]),
);
/**
 * |values| up to 1e6 and v up to 1e12, subnormals near 0 included (fast-check's floats reach them):
 * float32 rounding matters in every operation, while g·g stays finite.
 */
const MAX_ABS = 1e6;
const RUNS = 25;
/** Up to 4 steps: β^t, α_t and the slots move away from their first values. */
const MAX_STEPS = 4;

const float = fc.float({ min: -MAX_ABS, max: MAX_ABS, noNaN: true, noDefaultInfinity: true });
const nonNegative = fc.float({ min: 0, max: f32(MAX_ABS * MAX_ABS), noNaN: true, noDefaultInfinity: true });
const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
const arrayOf = (arb: fc.Arbitrary<number>, shape: number[]) =>
  fc.array(arb, { minLength: size(shape), maxLength: size(shape) });

const bitsOf = (t: tf.Tensor) => new Uint32Array(Float32Array.from(t.dataSync()).buffer);

/** TF 1.x's update in its op form, on the cpu backend: the reference for the bits. */
function cpuOpForm(values: number[][], shape: number[], a: Tf1AdamUpdateAttrs): Uint32Array[] {
  const outputs = tf.tidy(() => {
    const [w, g, m, v] = values.map((x) => tf.tensor(x, shape, 'float32')) as tf.Tensor[];
    const newM = m!.add(g!.sub(m!).mul(tf.scalar(a.oneMinusBeta1)));
    const newV = v!.add(g!.square().sub(v!).mul(tf.scalar(a.oneMinusBeta2)));
    const newW = w!.sub(newM.mul(tf.scalar(a.alpha)).div(newV.sqrt().add(tf.scalar(a.epsilon))));
    return [newW, newM, newV];
  });
  const bits = outputs.map(bitsOf);
  tf.dispose(outputs);
  return bits;
}

function expectSameBits(got: Uint32Array, want: Uint32Array, what: string): void {
  expect(got.length, what).toBe(want.length);
  const first = got.findIndex((bits, i) => bits !== want[i]);
  if (first >= 0) {
    const [g, w] = [new Float32Array(got.buffer)[first], new Float32Array(want.buffer)[first]];
    expect.fail(`${what}[${first}]: webgpu ${g} vs cpu ${w}`);
  }
}

describeOnWebGpu('TF 1.x Adam on webgpu', () => {
  useWebGpuBackend();

  it('should have the fused Tf1AdamUpdate kernel, so Tf1Adam takes one kernel per variable', async () => {
    await tf.setBackend('webgpu');
    expect(hasTf1AdamUpdate()).toBe(true);
  });

  it('should compute w, m and v bit for bit as cpu’s op form, for any shape, values and hyperparameters', async () => {
    const caseArb = SHAPE.chain((shape) =>
      fc.record({
        shape: fc.constant(shape),
        values: fc.tuple(
          arrayOf(float, shape),
          arrayOf(float, shape),
          arrayOf(float, shape),
          arrayOf(nonNegative, shape),
        ),
        alpha: fc.float({ min: f32(1e-6), max: 1, noNaN: true }),
        beta1: fc.float({ min: 0, max: f32(0.999), noNaN: true }),
        beta2: fc.float({ min: 0, max: f32(0.9999), noNaN: true }),
        epsilon: fc.constantFrom(1e-8, 1e-7, 1e-3),
      }),
    );
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const attrs = {
          alpha: c.alpha,
          oneMinusBeta1: f32(1 - c.beta1),
          oneMinusBeta2: f32(1 - c.beta2),
          epsilon: c.epsilon,
        };
        await tf.setBackend('cpu');
        const want = cpuOpForm(c.values, c.shape, attrs);
        await tf.setBackend('webgpu');
        const [w, g, m, v] = c.values.map((x) => tf.tensor(x, c.shape, 'float32')) as tf.Tensor[];
        const got = tf1AdamUpdate(w!, g!, m!, v!, attrs);
        ['w', 'm', 'v'].forEach((name, i) => expectSameBits(bitsOf(got[i]!), want[i]!, name));
        tf.dispose([w!, g!, m!, v!, ...got]);
      }),
      { numRuns: RUNS },
    );
  });

  it('should train bit for bit as Tf1Adam on cpu, step after step', async () => {
    const caseArb = SHAPE.chain((shape) =>
      fc.record({
        shape: fc.constant(shape),
        w: arrayOf(float, shape),
        grads: fc.array(arrayOf(float, shape), { minLength: 1, maxLength: MAX_STEPS }),
        learningRate: fc.constantFrom(1e-4, 5e-4, 1e-3, 0.1),
      }),
    );
    const trajectory = async (
      backend: string,
      c: { shape: number[]; w: number[]; grads: number[][]; learningRate: number },
    ) => {
      await tf.setBackend(backend);
      const w = tf.variable(tf.tensor(c.w, c.shape, 'float32'));
      const optimizer = new Tf1Adam({ learningRate: c.learningRate });
      const steps: Uint32Array[] = [];
      for (const values of c.grads) {
        const g = tf.tensor(values, c.shape, 'float32');
        optimizer.applyGradients({ [w.name]: g });
        g.dispose();
        steps.push(bitsOf(w));
      }
      optimizer.dispose();
      w.dispose();
      return steps;
    };
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const want = await trajectory('cpu', c);
        const got = await trajectory('webgpu', c);
        got.forEach((bits, step) => expectSameBits(bits, want[step]!, `w after step ${step + 1}`));
      }),
      { numRuns: RUNS },
    );
  });

  it('should leave no tensor behind after a fused step', async () => {
    await tf.setBackend('webgpu');
    const w = tf.variable(tf.randomNormal([7, 3], 0, 1, 'float32', 1));
    const optimizer = new Tf1Adam({ learningRate: 0.01 });
    const loss = () => tf.sum(tf.square(w)) as tf.Scalar;
    optimizer.minimize(loss); // creates the slots
    const tensors = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) optimizer.minimize(loss);
    expect(tf.memory().numTensors).toBe(tensors);
    optimizer.dispose();
    w.dispose();
  });

  it('should refuse inputs of different shapes or dtypes', async () => {
    await tf.setBackend('webgpu');
    const attrs = { alpha: 0.1, oneMinusBeta1: 0.1, oneMinusBeta2: 0.001, epsilon: 1e-8 };
    const [a, b, i] = [tf.zeros([2]), tf.zeros([3]), tf.zeros([2], 'int32')];
    expect(() => tf1AdamUpdate(a, b, a, a, attrs)).toThrow(/float32 of w's shape/);
    expect(() => tf1AdamUpdate(a, i, a, a, attrs)).toThrow(/float32 of w's shape/);
    tf.dispose([a, b, i]);
  });
});
