/**
 * Times full training steps (forward, gradients, Adam update) of the book's two MNIST networks,
 * built from plain tf ops with seeded initial values and random seeded inputs.
 *
 * ch4: x[B,28,28,1] → conv 5×5×1×16 SAME, no bias → maxPool 2×2/2 → dense 3136→1024 + b, relu
 *      → dense 1024→10 + b → softmax cross-entropy (summed); Adam.
 * ch5: conv 5×5×1×32 + b, relu → maxPool → conv 5×5×32×64 + b, relu → maxPool → dense 3136→1024
 *      + b, relu → dropout 0.5 → dense 1024→10 + b → softmax cross-entropy; Adam.
 */
import * as tf from '@tensorflow/tfjs';

export type Chapter = 'ch4' | 'ch5';

/** The batch sizes the book trains with. */
export const BOOK_BATCH: Record<Chapter, number> = { ch4: 100, ch5: 50 };

export interface StepTimingOptions {
  /** Examples per step; default the book's (ch4: 100, ch5: 50). */
  batch?: number;
  /** Untimed steps first, so that operator caches and heap growth are out of the numbers. */
  warmup?: number;
  /** Adam's learning rate; default 1e-4. */
  learningRate?: number;
}

const SEED = 20180311;
const IMAGE = 28;
const CLASSES = 10;

interface Network {
  variables: tf.Variable[];
  loss: (x: tf.Tensor4D, labels: tf.Tensor2D, step: number) => tf.Scalar;
}

function variable(shape: number[], seed: number, stddev = 0.1): tf.Variable {
  return tf.tidy(() => tf.variable(tf.truncatedNormal(shape, 0, stddev, 'float32', seed)));
}

function constantVariable(shape: number[], value: number): tf.Variable {
  return tf.tidy(() => tf.variable(tf.fill(shape, value)));
}

function chapter4(): Network {
  const conv = variable([5, 5, 1, 16], SEED + 1);
  const w1 = variable([3136, 1024], SEED + 2);
  const b1 = constantVariable([1024], 0.1);
  const w0 = tf.tidy(() => tf.variable(tf.zeros([1024, CLASSES])));
  const b0 = tf.tidy(() => tf.variable(tf.zeros([CLASSES])));
  return {
    variables: [conv, w1, b1, w0, b0],
    loss: (x, labels) => {
      const convolved = tf.conv2d(x, conv as tf.Tensor4D, 1, 'same');
      const pooled = tf.maxPool(convolved, 2, 2, 'same');
      const flat = tf.reshape(pooled, [x.shape[0], 3136]);
      const hidden = tf.relu(tf.add(tf.matMul(flat, w1 as tf.Tensor2D), b1));
      const logits = tf.add(tf.matMul(hidden, w0 as tf.Tensor2D), b0);
      return tf.losses.softmaxCrossEntropy(labels, logits, undefined, undefined, tf.Reduction.SUM) as tf.Scalar;
    },
  };
}

function chapter5(): Network {
  const conv1 = variable([5, 5, 1, 32], SEED + 11);
  const bias1 = constantVariable([32], 0.1);
  const conv2 = variable([5, 5, 32, 64], SEED + 12);
  const bias2 = constantVariable([64], 0.1);
  const w1 = variable([3136, 1024], SEED + 13);
  const b1 = constantVariable([1024], 0.1);
  const w0 = tf.tidy(() => tf.variable(tf.zeros([1024, CLASSES])));
  const b0 = tf.tidy(() => tf.variable(tf.zeros([CLASSES])));
  return {
    variables: [conv1, bias1, conv2, bias2, w1, b1, w0, b0],
    loss: (x, labels, step) => {
      const c1 = tf.relu(tf.add(tf.conv2d(x, conv1 as tf.Tensor4D, 1, 'same'), bias1)) as tf.Tensor4D;
      const p1 = tf.maxPool(c1, 2, 2, 'same');
      const c2 = tf.relu(tf.add(tf.conv2d(p1, conv2 as tf.Tensor4D, 1, 'same'), bias2)) as tf.Tensor4D;
      const p2 = tf.maxPool(c2, 2, 2, 'same');
      const flat = tf.reshape(p2, [x.shape[0], 3136]);
      const hidden = tf.relu(tf.add(tf.matMul(flat, w1 as tf.Tensor2D), b1));
      const dropped = tf.dropout(hidden, 0.5, undefined, SEED + step);
      const logits = tf.add(tf.matMul(dropped, w0 as tf.Tensor2D), b0);
      return tf.losses.softmaxCrossEntropy(labels, logits, undefined, undefined, tf.Reduction.SUM) as tf.Scalar;
    },
  };
}

/**
 * Mean milliseconds per training step of `chapter`'s network on `backend` over `steps` timed steps.
 * Switches to `backend` (which must be registered; for wasm, register the training kernels first)
 * and back to the previous backend afterwards; disposes everything it made.
 */
export async function timeTrainingStep(
  chapter: Chapter,
  backend: string,
  steps: number,
  options: StepTimingOptions = {},
): Promise<number> {
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`steps must be a positive integer, got ${steps}`);
  const previous = tf.getBackend();
  if (!(await tf.setBackend(backend))) throw new Error(`TensorFlow.js could not initialise the '${backend}' backend`);
  const batch = options.batch ?? BOOK_BATCH[chapter];
  const warmup = options.warmup ?? 2;
  const network = chapter === 'ch4' ? chapter4() : chapter5();
  const optimizer = tf.train.adam(options.learningRate ?? 1e-4);
  const x = tf.tidy(() => tf.randomUniform([batch, IMAGE, IMAGE, 1], 0, 1, 'float32', SEED + 21)) as tf.Tensor4D;
  const labels = tf.tidy(() =>
    tf.oneHot(tf.randomUniform([batch], 0, CLASSES, 'int32', SEED + 22) as tf.Tensor1D, CLASSES).toFloat(),
  ) as tf.Tensor2D;
  const step = (index: number): void => {
    const loss = optimizer.minimize(() => network.loss(x, labels, index), true, network.variables);
    loss!.dataSync();
    loss!.dispose();
  };
  try {
    for (let i = 0; i < warmup; i++) step(i);
    const start = performance.now();
    for (let i = 0; i < steps; i++) step(warmup + i);
    return (performance.now() - start) / steps;
  } finally {
    optimizer.dispose();
    tf.dispose([x, labels, ...network.variables]);
    if (previous) await tf.setBackend(previous);
  }
}
