/**
 * The SIMD routes that run on the pool's worker threads (./simd-pool): products, the forward
 * convolution, the convolution gradients and column sums, on the threaded wasm build with two
 * threads, against the cpu backend and against themselves on one thread.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerTf1AdamUpdate, tf1AdamUpdate, useSimdAdamUpdate } from '../kernels/tf1-adam-update';
import { compare, expectClose, values, weightedSum } from '../testing/wasm-vs-cpu';
import { MIN_SIMD_CONV_IN_CHANNELS } from './conv2d';
import { KERNEL_OPTIONS } from './kernels';
import { registerWasmTrainingKernels } from './register';
import { fusedMultiplyAddAvailable } from './relaxed-simd';
import { SIMD_POOL_OPTIONS, simdPoolOf } from './simd-pool';
import { enableWasmThreads } from './threads';

/** Two threads: the machine this repository plans for has two cores, so the pool has one worker. */
const THREADS = 2;
/** Each property draws fresh shapes; 25 runs keep the file to a few seconds. */
const RUNS = 25;
/** Rows up to 40 give odd and even counts, one row, and more rows than a 16-row block. */
const MAX_ROWS = 40;
/** Depths up to 80 cross the products' 64-row depth blocks. */
const MAX_DEPTH_FOURS = 20;
/** Image sides up to 9 with filters up to 5×5 cover SAME, VALID and explicit edge windows. */
const MAX_SIDE = 9;
const MAX_FILTER = 5;
/** In channels from the SIMD forward convolution's minimum to past one 32-group. */
const MAX_CONV_IN_CHANNELS = 40;
/** Either side of the threaded Adam update's 65536-weight threshold, with ragged fours. */
const THREADED_ADAM_SIZES = [65530, 70003] as const;

const wasmAlreadyRunning = (tf.engine() as unknown as { registry: Record<string, unknown> }).registry.wasm != null;
let previous = '';

beforeAll(async () => {
  previous = tf.getBackend();
  if (!wasmAlreadyRunning) enableWasmThreads({ threads: THREADS });
  await tf.setBackend('wasm');
  registerWasmTrainingKernels();
});

afterAll(async () => {
  SIMD_POOL_OPTIONS.threads = true;
  await tf.setBackend(previous);
});

/** The bits of f() computed on the pool's threads and on the main thread alone. */
function onThreadsAndAlone(f: () => tf.Tensor | tf.Tensor[]): [Uint32Array[], Uint32Array[]] {
  const bits = (threads: boolean) => {
    SIMD_POOL_OPTIONS.threads = threads;
    try {
      const outs = tf.tidy(() => {
        const out = f();
        return Array.isArray(out) ? out : [out];
      });
      const result = outs.map((t) => new Uint32Array((t.dataSync() as Float32Array).slice().buffer));
      tf.dispose(outs);
      return result;
    } finally {
      SIMD_POOL_OPTIONS.threads = true;
    }
  };
  return [bits(true), bits(false)];
}

const padding = fc.oneof(
  fc.constantFrom<'same' | 'valid'>('same', 'valid'),
  fc.tuple(fc.nat(2), fc.nat(2), fc.nat(2), fc.nat(2)).map(
    ([t, b, l, r]) =>
      [
        [0, 0],
        [t, b],
        [l, r],
        [0, 0],
      ] as [[0, 0], [number, number], [number, number], [0, 0]],
  ),
);

const convCase = fc.record({
  batch: fc.integer({ min: 1, max: 3 }),
  height: fc.integer({ min: 1, max: MAX_SIDE }),
  width: fc.integer({ min: 1, max: MAX_SIDE }),
  inChannels: fc.integer({ min: MIN_SIMD_CONV_IN_CHANNELS, max: MAX_CONV_IN_CHANNELS }),
  outChannels: fc.constantFrom(8, 24, 32, 64),
  filterHeight: fc.integer({ min: 1, max: MAX_FILTER }),
  filterWidth: fc.integer({ min: 1, max: MAX_FILTER }),
  pad: padding,
  seed: fc.nat(1_000_000),
});
type ConvCase = typeof convCase extends fc.Arbitrary<infer T> ? T : never;

/** Output side of a stride-1 window sweep. */
function outSide(side: number, filter: number, pad: ConvCase['pad'], axis: 1 | 2): number {
  if (pad === 'same') return side;
  if (pad === 'valid') return side - filter + 1;
  return side + pad[axis][0] + pad[axis][1] - filter + 1;
}

function convInputs(c: ConvCase) {
  const xShape = [c.batch, c.height, c.width, c.inChannels];
  const wShape = [c.filterHeight, c.filterWidth, c.inChannels, c.outChannels];
  return [
    {
      shape: xShape,
      data: values(
        xShape.reduce((p, q) => p * q),
        c.seed,
        'mixed',
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
  ];
}

/** The tensors of a convolution case and a product case. */
function convAndProductTensors(c: ConvCase, p: ProductCase) {
  const [x, w] = convInputs(c).map(
    ({ shape, data }) => tf.tensor(data, shape as [number, number, number, number]) as tf.Tensor4D,
  );
  const a = tf.tensor2d(values(p.m * p.k, p.seed, 'mixed'), [p.m, p.k]);
  const b = tf.tensor2d(values(p.k * p.n, p.seed + 1, 'mixed'), [p.k, p.n]);
  return { x: x!, w: w!, a, b };
}

/** The convolution's output and gradients and the product's gradients: every pool route at once. */
function everySimdRoute(c: ConvCase, x: tf.Tensor4D, w: tf.Tensor4D, a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor[] {
  return [
    ...tf.grads((xs: tf.Tensor, ws: tf.Tensor) =>
      weightedSum(tf.conv2d(xs as tf.Tensor4D, ws as tf.Tensor4D, 1, c.pad)),
    )([x, w]),
    tf.conv2d(x, w, 1, c.pad),
    ...tf.grads((as: tf.Tensor, bs: tf.Tensor) => weightedSum(tf.matMul(as as tf.Tensor2D, bs as tf.Tensor2D)))([a, b]),
  ];
}

const productCase = fc.record({
  m: fc.integer({ min: 1, max: MAX_ROWS }),
  k: fc.integer({ min: 1, max: MAX_DEPTH_FOURS }).map((fours) => 4 * fours),
  n: fc.integer({ min: 1, max: 12 }).map((eights) => 8 * eights),
  seed: fc.nat(1_000_000),
});
type ProductCase = typeof productCase extends fc.Arbitrary<infer T> ? T : never;

describe('SIMD routes on the worker pool', () => {
  it.skipIf(wasmAlreadyRunning)('should run on a pool with one worker per extra thread', () => {
    expect(simdPoolOf(tf.backend())?.parts).toBe(THREADS);
  });

  it('should compute A·B and its gradients (A·Bᵀ and Aᵀ·B) as the cpu backend does, for any row count', async () => {
    await fc.assert(
      fc.asyncProperty(productCase, async (c) => {
        await compare(
          (a, b) => weightedSum(tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D)),
          [
            { shape: [c.m, c.k], data: values(c.m * c.k, c.seed, 'mixed') },
            { shape: [c.k, c.n], data: values(c.k * c.n, c.seed + 1, 'mixed') },
          ],
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('should compute A·B as the cpu backend does, forward', async () => {
    await fc.assert(
      fc.asyncProperty(productCase, async (c) => {
        const a = values(c.m * c.k, c.seed, 'mixed');
        const b = values(c.k * c.n, c.seed + 1, 'mixed');
        const on = async (backend: string) => {
          await tf.setBackend(backend);
          return tf.tidy(
            () =>
              tf
                .matMul(tf.tensor2d(a, [c.m, c.k]), tf.tensor2d(b, [c.k, c.n]))
                .dataSync()
                .slice() as Float32Array,
          );
        };
        expectClose([await on('wasm')], [await on('cpu')]);
      }),
      { numRuns: RUNS },
    );
  });

  it('should compute stride-1 convolutions with eights of out channels, and their gradients, as the cpu backend does', async () => {
    await fc.assert(
      fc.asyncProperty(convCase, async (c) => {
        fc.pre(outSide(c.height, c.filterHeight, c.pad, 1) >= 1 && outSide(c.width, c.filterWidth, c.pad, 2) >= 1);
        const inputs = convInputs(c);
        await compare((x, w) => weightedSum(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, c.pad)), inputs);
        const forward = async (backend: string) => {
          await tf.setBackend(backend);
          return tf.tidy(() => {
            const [x, w] = inputs.map(({ shape, data }) => tf.tensor(data, shape));
            return tf
              .conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, c.pad)
              .dataSync()
              .slice() as Float32Array;
          });
        };
        expectClose([await forward('wasm')], [await forward('cpu')]);
      }),
      { numRuns: RUNS },
    );
  });

  it('should give the same bits on the worker threads as on the main thread alone', async () => {
    await tf.setBackend('wasm');
    await fc.assert(
      fc.asyncProperty(convCase, productCase, async (c, p) => {
        fc.pre(outSide(c.height, c.filterHeight, c.pad, 1) >= 1 && outSide(c.width, c.filterWidth, c.pad, 2) >= 1);
        const { x, w, a, b } = convAndProductTensors(c, p);
        const [threaded, alone] = onThreadsAndAlone(() => [
          ...everySimdRoute(c, x, w, a, b),
          tf.sum(tf.tile(x!, [1, 1, 1, 64]), [0, 1, 2]),
        ]);
        tf.dispose([x, w, a, b]);
        expect(threaded).toEqual(alone);
      }),
      { numRuns: RUNS },
    );
  });

  it('should sum large tensors over their leading axes as the cpu backend does', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          rows: fc.integer({ min: 1, max: 3000 }),
          fours: fc.integer({ min: 1, max: 24 }),
          seed: fc.nat(1_000_000),
        }),
        async (c) => {
          const data = values(c.rows * 8 * c.fours, c.seed, 'mixed');
          const on = async (backend: string) => {
            await tf.setBackend(backend);
            return tf.tidy(
              () =>
                tf
                  .sum(tf.tensor(data, [c.rows, 2, 4 * c.fours]), [0, 1])
                  .dataSync()
                  .slice() as Float32Array,
            );
          };
          expectClose([await on('wasm')], [await on('cpu')]);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('should update a variable large enough for the threads with Adam to the bits of the JavaScript loop', async () => {
    await tf.setBackend('wasm');
    registerTf1AdamUpdate();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: THREADED_ADAM_SIZES[0], max: THREADED_ADAM_SIZES[1] }),
        fc.nat(1_000_000),
        async (size, seed) => {
          const [w, g, m, v] = [0, 1, 2, 3].map((i) => tf.tensor1d(values(size, seed + i, 'mixed')));
          const v2 = tf.square(v!);
          const attrs = { alpha: 1e-3, oneMinusBeta1: 0.1, oneMinusBeta2: Math.fround(0.001), epsilon: 1e-8 };
          const bitsOf = (simd: boolean) => {
            useSimdAdamUpdate(simd);
            try {
              const outs = tf1AdamUpdate(w!, g!, m!, v2, attrs);
              const bits = outs.map((t) => new Uint32Array((t.dataSync() as Float32Array).slice().buffer));
              tf.dispose(outs);
              return bits;
            } finally {
              useSimdAdamUpdate(true);
            }
          };
          const [threaded, loop] = [bitsOf(true), bitsOf(false)];
          tf.dispose([w!, g!, m!, v!, v2]);
          expect(threaded).toEqual(loop);
        },
      ),
      { numRuns: 5 },
    );
  });

  it('should leave no tensor and no wasm buffer behind after a step through every SIMD route', async () => {
    await tf.setBackend('wasm');
    const wasm = tf.findBackend('wasm')!;
    const x = tf.randomNormal([2, 6, 6, 8], 0, 1, 'float32', 1);
    const w = tf.randomNormal([3, 3, 8, 32], 0, 1, 'float32', 2);
    const dense = tf.randomNormal([288, 64], 0, 1, 'float32', 3);
    const loss = (a: tf.Tensor, b: tf.Tensor): tf.Scalar => {
      const y = tf.relu(tf.conv2d(x as tf.Tensor4D, a as tf.Tensor4D, 1, 'same'));
      const pooled = tf.maxPool(y, 2, 2, 'same');
      return weightedSum(tf.matMul(tf.reshape(pooled, [2, 288]) as tf.Tensor2D, b as tf.Tensor2D)).add(
        tf.sum(tf.sum(y, [0, 1, 2])),
      );
    };
    tf.dispose(tf.grads(loss)([w, dense]));
    const tensors = tf.memory().numTensors;
    const buffers = wasm.numDataIds();
    for (let i = 0; i < 3; i++) tf.dispose(tf.grads(loss)([w, dense]));
    expect(tf.memory().numTensors).toBe(tensors);
    expect(wasm.numDataIds()).toBe(buffers);
    tf.dispose([x, w, dense]);
  });

  it('should have fused multiply-adds on Node 20 and later, and agree with the multiply-then-add kernels', async () => {
    expect(fusedMultiplyAddAvailable()).toBe(true);
    await tf.setBackend('wasm');
    await fc.assert(
      fc.asyncProperty(convCase, productCase, async (c, p) => {
        fc.pre(outSide(c.height, c.filterHeight, c.pad, 1) >= 1 && outSide(c.width, c.filterWidth, c.pad, 2) >= 1);
        const { x, w, a, b } = convAndProductTensors(c, p);
        const run = (fma: boolean) => {
          SIMD_POOL_OPTIONS.fusedMultiplyAdd = fma;
          try {
            return tf.tidy(() => everySimdRoute(c, x, w, a, b).map((t) => t.dataSync().slice() as Float32Array));
          } finally {
            SIMD_POOL_OPTIONS.fusedMultiplyAdd = true;
          }
        };
        expectClose(run(true), run(false));
        tf.dispose([x, w, a, b]);
      }),
      { numRuns: RUNS },
    );
  });

  it('should fall back to XNNPACK when switched off and still agree with the SIMD routes', async () => {
    await tf.setBackend('wasm');
    const a = tf.randomNormal([7, 12], 0, 1, 'float32', 5) as tf.Tensor2D;
    const b = tf.randomNormal([12, 32], 0, 1, 'float32', 6) as tf.Tensor2D;
    const simd = tf.matMul(a, b).dataSync().slice() as Float32Array;
    KERNEL_OPTIONS.simdMatMul = false;
    try {
      expectClose([tf.matMul(a, b).dataSync().slice() as Float32Array], [simd]);
    } finally {
      KERNEL_OPTIONS.simdMatMul = true;
    }
    tf.dispose([a, b]);
  });
});
