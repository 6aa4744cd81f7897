/**
 * The wasm training kernels (./kernels) against the `cpu` backend's own gradients.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wasmBackendMemory } from '../kernels/tf1-adam-simd';
import { IM2COL_MAX_CHANNELS, KERNEL_OPTIONS, TRAINING_KERNEL_CONFIGS } from './kernels';
import { simdPoolOf } from './simd-pool';
import { simdMaxPoolGrad2x2For } from './maxpool-grad-simd';
import { isTrainingKernel, registerWasmTrainingKernels } from './register';
import { compare, expectClose, gradientsOn, values, weightedSum, type Sign } from '../testing/wasm-vs-cpu';

/** Spatial sizes up to 9 cover SAME/VALID edge windows at strides 1–3 while staying fast. */
const MAX_SIDE = 9;
/** Channels up to twice the im2col cut-off, so that both filter-gradient routes run. */
const MAX_CHANNELS = 2 * IM2COL_MAX_CHANNELS;
/** Filters up to 4×4: larger ones only repeat the same padding arithmetic. */
const MAX_FILTER = 4;
/** Strides 1 to 3: 1 is the book's, 2 and 3 exercise the spread-out dy and dilated routes. */
const MAX_STRIDE = 3;
/** Matrix sides up to 12, either side of the transposes' cost choice. */
const MAX_MATRIX = 12;
/**
 * The SIMD filter gradient takes stride 1 and out channels in eights: up to three eights; in
 * channels up to 9 cover multiples of four (exact rectangles) and the rest (zero-padded copy,
 * ragged last group of four). The SIMD input gradient takes in channels in eights: 8 (within the
 * range above), 16 and 32 (the second layer's). Filters up to the networks' 5×5.
 */
const SIMD_INPUT_GRAD_CHANNELS = [16, 32];
const MAX_SIMD_CO_GROUPS = 3;
const MAX_SIMD_IN_CHANNELS = 9;
const MAX_SIMD_FILTER = 5;
/** Each property draws fresh shapes; 30 runs keep the file to a few seconds. */
const RUNS = 30;

const padding = fc.oneof(
  fc.constantFrom<'same' | 'valid'>('same', 'valid'),
  fc.tuple(fc.nat(3), fc.nat(3), fc.nat(3), fc.nat(3)),
);

type Pad = 'same' | 'valid' | [number, number, number, number];

function tfPad(pad: Pad): 'same' | 'valid' | [[0, 0], [number, number], [number, number], [0, 0]] {
  return typeof pad === 'string'
    ? pad
    : [
        [0, 0],
        [pad[0], pad[1]],
        [pad[2], pad[3]],
        [0, 0],
      ];
}

/** Output side of a window sweep; the property only keeps shapes with at least one output. */
function outSide(side: number, filter: number, stride: number, before: number, after: number, pad: Pad): number {
  if (pad === 'same') return Math.ceil(side / stride);
  if (pad === 'valid') return Math.ceil((side - filter + 1) / stride);
  return Math.floor((side + before + after - filter) / stride + 1);
}

let previous = '';

beforeAll(async () => {
  previous = tf.getBackend();
  await tf.setBackend('wasm');
  registerWasmTrainingKernels();
});

afterAll(async () => {
  await tf.setBackend(previous);
});

describe('wasm training kernels', () => {
  it('registering them twice leaves the same kernels registered', () => {
    registerWasmTrainingKernels();
    const first = TRAINING_KERNEL_CONFIGS.map((k) => k.kernelName).map(
      (name) => tf.getKernel(name, 'wasm')!.kernelFunc,
    );
    registerWasmTrainingKernels();
    const second = TRAINING_KERNEL_CONFIGS.map((k) => k.kernelName).map(
      (name) => tf.getKernel(name, 'wasm')!.kernelFunc,
    );
    expect(second).toEqual(first);
    expect(first.every(isTrainingKernel)).toBe(true);
  });

  it('conv2d gradients for filter and input match the cpu backend for any shape, stride and padding', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          batch: fc.integer({ min: 1, max: 3 }),
          height: fc.integer({ min: 1, max: MAX_SIDE }),
          width: fc.integer({ min: 1, max: MAX_SIDE }),
          inChannels: fc.integer({ min: 1, max: MAX_CHANNELS }),
          outChannels: fc.integer({ min: 1, max: 5 }),
          filterHeight: fc.integer({ min: 1, max: MAX_FILTER }),
          filterWidth: fc.integer({ min: 1, max: MAX_FILTER }),
          stride: fc.integer({ min: 1, max: MAX_STRIDE }),
          pad: padding,
          sign: fc.constantFrom<Sign>('mixed', 'negative'),
          seed: fc.nat(1_000_000),
        }),
        async (c) => {
          const [t, b, l, r] = Array.isArray(c.pad) ? c.pad : [0, 0, 0, 0];
          fc.pre(outSide(c.height, c.filterHeight, c.stride, t, b, c.pad) >= 1);
          fc.pre(outSide(c.width, c.filterWidth, c.stride, l, r, c.pad) >= 1);
          const xShape = [c.batch, c.height, c.width, c.inChannels];
          const wShape = [c.filterHeight, c.filterWidth, c.inChannels, c.outChannels];
          await compare(
            (x, w) => weightedSum(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.stride, tfPad(c.pad))),
            [
              {
                shape: xShape,
                data: values(
                  xShape.reduce((p, q) => p * q),
                  c.seed,
                  c.sign,
                ),
              },
              {
                shape: wShape,
                data: values(
                  wShape.reduce((p, q) => p * q),
                  c.seed + 1,
                  'mixed',
                ),
              },
            ],
          );
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('should compute stride-1 conv2d gradients through the SIMD kernels as the cpu backend does, for any padding and in-channel count', async () => {
    await tf.setBackend('wasm');
    expect(simdPoolOf(tf.backend())).not.toBeNull();
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          batch: fc.integer({ min: 1, max: 3 }),
          height: fc.integer({ min: 1, max: MAX_SIDE }),
          width: fc.integer({ min: 1, max: MAX_SIDE }),
          inChannels: fc.oneof(
            fc.integer({ min: 1, max: MAX_SIMD_IN_CHANNELS }),
            fc.constantFrom(...SIMD_INPUT_GRAD_CHANNELS),
          ),
          outChannels: fc.integer({ min: 1, max: MAX_SIMD_CO_GROUPS }).map((g) => 8 * g),
          filterHeight: fc.integer({ min: 1, max: MAX_SIMD_FILTER }),
          filterWidth: fc.integer({ min: 1, max: MAX_SIMD_FILTER }),
          pad: padding,
          sign: fc.constantFrom<Sign>('mixed', 'negative'),
          seed: fc.nat(1_000_000),
        }),
        async (c) => {
          const [t, b, l, r] = Array.isArray(c.pad) ? c.pad : [0, 0, 0, 0];
          fc.pre(outSide(c.height, c.filterHeight, 1, t, b, c.pad) >= 1);
          fc.pre(outSide(c.width, c.filterWidth, 1, l, r, c.pad) >= 1);
          const xShape = [c.batch, c.height, c.width, c.inChannels];
          const wShape = [c.filterHeight, c.filterWidth, c.inChannels, c.outChannels];
          await compare(
            (x, w) => weightedSum(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, tfPad(c.pad))),
            [
              {
                shape: xShape,
                data: values(
                  xShape.reduce((p, q) => p * q),
                  c.seed,
                  c.sign,
                ),
              },
              {
                shape: wShape,
                data: values(
                  wShape.reduce((p, q) => p * q),
                  c.seed + 1,
                  'mixed',
                ),
              },
            ],
          );
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('maxPool gradients match the cpu backend, including all-negative windows and ties', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          batch: fc.integer({ min: 1, max: 2 }),
          height: fc.integer({ min: 1, max: MAX_SIDE }),
          width: fc.integer({ min: 1, max: MAX_SIDE }),
          channels: fc.integer({ min: 1, max: 6 }),
          filter: fc.integer({ min: 1, max: 3 }),
          stride: fc.integer({ min: 1, max: MAX_STRIDE }),
          pad: fc.constantFrom<'same' | 'valid'>('same', 'valid'),
          sign: fc.constantFrom<Sign>('mixed', 'negative', 'ties'),
          seed: fc.nat(1_000_000),
        }),
        async (c) => {
          fc.pre(outSide(c.height, c.filter, c.stride, 0, 0, c.pad) >= 1);
          fc.pre(outSide(c.width, c.filter, c.stride, 0, 0, c.pad) >= 1);
          const shape = [c.batch, c.height, c.width, c.channels];
          await compare(
            (x) => weightedSum(tf.maxPool(x as tf.Tensor4D, c.filter, c.stride, c.pad)),
            [
              {
                shape,
                data: values(
                  shape.reduce((p, q) => p * q),
                  c.seed,
                  c.sign,
                ),
              },
            ],
          );
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('a 2×2 max pool of an all-negative image routes each gradient to its window maximum', async () => {
    // The stock 4.22 kernel starts its running maximum at the smallest positive float, so that
    // every window ≤ 0 sends its gradient to its last element instead.
    const x = [-3, -1, -2, -4];
    await compare(
      (t) => tf.sum(tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid')),
      [{ shape: [1, 2, 2, 1], data: new Float32Array(x) }],
    );
    const [grad] = await gradientsOn('wasm', (t) => tf.sum(tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid')), [
      { shape: [1, 2, 2, 1], data: new Float32Array(x) },
    ]);
    expect(Array.from(grad!)).toEqual([0, 1, 0, 0]);
  });

  it('matMul gradients match the cpu backend for every combination of transposes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          m: fc.integer({ min: 1, max: MAX_MATRIX }),
          k: fc.integer({ min: 1, max: MAX_MATRIX }),
          n: fc.integer({ min: 1, max: MAX_MATRIX }),
          transposeA: fc.boolean(),
          transposeB: fc.boolean(),
          seed: fc.nat(1_000_000),
        }),
        async (c) => {
          const aShape = c.transposeA ? [c.k, c.m] : [c.m, c.k];
          const bShape = c.transposeB ? [c.n, c.k] : [c.k, c.n];
          await compare(
            (a, b) => weightedSum(tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D, c.transposeA, c.transposeB)),
            [
              { shape: aShape, data: values(c.m * c.k, c.seed, 'mixed') },
              { shape: bShape, data: values(c.k * c.n, c.seed + 1, 'mixed') },
            ],
          );
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('batched matMul (rank 3) still matches the cpu backend', async () => {
    await compare(
      (a, b) => weightedSum(tf.matMul(a as tf.Tensor3D, b as tf.Tensor3D, true, false)),
      [
        { shape: [3, 4, 5], data: values(60, 7, 'mixed') },
        { shape: [3, 4, 2], data: values(24, 8, 'mixed') },
      ],
    );
  });

  it('should route the 2×2 stride-2 max-pool gradient as the cpu backend does, for odd and even sides and every sign pattern', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          batch: fc.integer({ min: 1, max: 2 }),
          height: fc.integer({ min: 1, max: MAX_SIDE }),
          width: fc.integer({ min: 1, max: MAX_SIDE }),
          channels: fc.integer({ min: 1, max: 6 }),
          pad: fc.constantFrom<'same' | 'valid'>('same', 'valid'),
          sign: fc.constantFrom<Sign>('mixed', 'negative', 'ties'),
          seed: fc.nat(1_000_000),
        }),
        async (c) => {
          fc.pre(outSide(c.height, 2, 2, 0, 0, c.pad) >= 1 && outSide(c.width, 2, 2, 0, 0, c.pad) >= 1);
          const shape = [c.batch, c.height, c.width, c.channels];
          await compare(
            (x) => weightedSum(tf.maxPool(x as tf.Tensor4D, 2, 2, c.pad)),
            [
              {
                shape,
                data: values(
                  shape.reduce((p, q) => p * q),
                  c.seed,
                  c.sign,
                ),
              },
            ],
          );
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('should route the 2×2 max-pool gradient with WebAssembly SIMD exactly as with the JavaScript loop, NaN and −∞ windows included', async () => {
    // Values drawn from a small set with repeats, so that ties, NaN windows and −∞ windows are common.
    const SPECIAL = [Number.NaN, Number.NEGATIVE_INFINITY, -1, -0, 0, 1, 2];
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          batch: fc.integer({ min: 1, max: 2 }),
          halfHeight: fc.integer({ min: 1, max: 4 }),
          halfWidth: fc.integer({ min: 1, max: 4 }),
          channelGroups: fc.integer({ min: 1, max: 3 }),
          seed: fc.nat(1_000_000),
        }),
        async (c) => {
          await tf.setBackend('wasm');
          const memory = wasmBackendMemory((tf.backend() as unknown as { wasm: unknown }).wasm);
          expect(memory && simdMaxPoolGrad2x2For(memory)).toBeTypeOf('function');
          const shape = [c.batch, 2 * c.halfHeight, 2 * c.halfWidth, 4 * c.channelGroups];
          const size = shape.reduce((p, q) => p * q);
          const picks = values(size, c.seed, 'mixed');
          const data = Float32Array.from(picks, (v) => SPECIAL[Math.abs(Math.floor(v * 1000)) % SPECIAL.length]!);
          const grad = (simd: boolean) => {
            KERNEL_OPTIONS.simdMaxPoolGrad = simd;
            try {
              return tf.tidy(() =>
                tf
                  .grad((x: tf.Tensor) => weightedSum(tf.maxPool(x as tf.Tensor4D, 2, 2, 'same')))(
                    tf.tensor(data, shape),
                  )
                  .dataSync()
                  .slice(),
              );
            } finally {
              KERNEL_OPTIONS.simdMaxPoolGrad = true;
            }
          };
          const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer));
          expect(bits(grad(true) as Float32Array)).toEqual(bits(grad(false) as Float32Array));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('should sum over any set of axes as the cpu backend does, leading axes included', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }).chain((shape) =>
          fc.record({
            shape: fc.constant(shape),
            axes: fc.subarray(
              shape.map((_, i) => i),
              { minLength: 1 },
            ),
            keepDims: fc.boolean(),
            seed: fc.nat(1_000_000),
          }),
        ),
        async (c) => {
          const data = values(
            c.shape.reduce((p, q) => p * q),
            c.seed,
            'mixed',
          );
          const on = async (backend: string) => {
            await tf.setBackend(backend);
            return tf.tidy(() => {
              const y = tf.sum(tf.tensor(data, c.shape), c.axes, c.keepDims);
              return { shape: y.shape, values: y.dataSync().slice() as Float32Array };
            });
          };
          const wasm = await on('wasm');
          const cpu = await on('cpu');
          expect(wasm.shape).toEqual(cpu.shape);
          expectClose([wasm.values], [cpu.values]);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('should give clones and same-dtype casts that outlive their source and free their buffer with the last reference', async () => {
    await tf.setBackend('wasm');
    const wasm = tf.findBackend('wasm')!;
    const buffers = wasm.numDataIds();
    const x = tf.tensor([1.5, -2, 3]);
    const copy = tf.clone(x);
    const same = tf.cast(x, 'float32');
    const ints = tf.cast(x, 'int32');
    x.dispose();
    expect(Array.from(copy.dataSync())).toEqual([1.5, -2, 3]);
    expect(Array.from(same.dataSync())).toEqual([1.5, -2, 3]);
    expect(Array.from(ints.dataSync())).toEqual([1, -2, 3]);
    expect(ints.dtype).toBe('int32');
    tf.dispose([copy, same, ints]);
    expect(wasm.numDataIds()).toBe(buffers);
  });

  it('should compute fused matMul (bias, relu) and its gradients as the cpu backend does', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          m: fc.integer({ min: 1, max: MAX_MATRIX }),
          k: fc.integer({ min: 1, max: MAX_MATRIX }),
          n: fc.integer({ min: 1, max: MAX_MATRIX }),
          transposeA: fc.boolean(),
          transposeB: fc.boolean(),
          bias: fc.constantFrom('none', 'vector', 'scalar'),
          activation: fc.constantFrom<'linear' | 'relu'>('linear', 'relu'),
          seed: fc.nat(1_000_000),
        }),
        async (c) => {
          const aShape = c.transposeA ? [c.k, c.m] : [c.m, c.k];
          const bShape = c.transposeB ? [c.n, c.k] : [c.k, c.n];
          const biasShape = c.bias === 'vector' ? [c.n] : [1];
          const inputs = [
            { shape: aShape, data: values(c.m * c.k, c.seed, 'mixed') },
            { shape: bShape, data: values(c.k * c.n, c.seed + 1, 'mixed') },
            { shape: biasShape, data: values(biasShape[0]!, c.seed + 2, 'mixed') },
          ];
          const f = (a: tf.Tensor, b: tf.Tensor, bias: tf.Tensor) =>
            weightedSum(
              tf.fused.matMul({
                a: a as tf.Tensor2D,
                b: b as tf.Tensor2D,
                transposeA: c.transposeA,
                transposeB: c.transposeB,
                bias: c.bias === 'none' ? undefined : bias,
                activation: c.activation,
              }),
            ).add(tf.sum(bias).mul(0)) as tf.Scalar; // keeps an unused bias on the tape
          await compare(f, inputs);
          const forward = async (backend: string) => {
            await tf.setBackend(backend);
            return tf.tidy(() => {
              const [a, b, bias] = inputs.map(({ shape, data }) => tf.tensor(data, shape));
              return tf.fused
                .matMul({
                  a: a as tf.Tensor2D,
                  b: b as tf.Tensor2D,
                  transposeA: c.transposeA,
                  transposeB: c.transposeB,
                  bias: c.bias === 'none' ? undefined : bias,
                  activation: c.activation,
                })
                .dataSync()
                .slice() as Float32Array;
            });
          };
          expectClose([await forward('wasm')], [await forward('cpu')]);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('a training step through every kernel leaves no tensor and no wasm buffer behind', async () => {
    await tf.setBackend('wasm');
    const wasm = tf.findBackend('wasm')!;
    const x = tf.randomNormal([2, 8, 8, 1], 0, 1, 'float32', 1);
    const w1 = tf.randomNormal([3, 3, 1, IM2COL_MAX_CHANNELS], 0, 1, 'float32', 2);
    const w2 = tf.randomNormal([3, 3, IM2COL_MAX_CHANNELS, 4], 0, 1, 'float32', 3);
    const dense = tf.randomNormal([4, 3], 0, 1, 'float32', 4);
    const loss = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor): tf.Scalar => {
      const h1 = tf.maxPool(tf.conv2d(x as tf.Tensor4D, a as tf.Tensor4D, 1, 'same'), 2, 2, 'same');
      const h2 = tf.maxPool(tf.conv2d(h1, b as tf.Tensor4D, 2, 'same'), 2, 1, 'valid');
      const hidden = tf.fused.matMul({
        a: tf.reshape(tf.relu(h2), [2, 4]) as tf.Tensor2D,
        b: c as tf.Tensor2D,
        bias: tf.sum(h1, [0, 1, 2]).slice([0], [3]),
        activation: 'relu',
      });
      return weightedSum(tf.matMul(tf.reshape(tf.relu(h2), [2, 4]), c).add(hidden));
    };
    const grads = tf.grads(loss)([w1, w2, dense]);
    tf.dispose(grads);
    const tensors = tf.memory().numTensors;
    const buffers = wasm.numDataIds();
    for (let i = 0; i < 3; i++) tf.dispose(tf.grads(loss)([w1, w2, dense]));
    expect(tf.memory().numTensors).toBe(tensors);
    expect(wasm.numDataIds()).toBe(buffers);
    tf.dispose([x, w1, w2, dense]);
  });
});
