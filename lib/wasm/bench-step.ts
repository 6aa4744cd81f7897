/**
 * Times full training steps (forward, gradients, TF 1.x Adam update) of the book's two MNIST
 * networks, built from plain tf ops as solutions/ch4-cnn and solutions/ch5-deep-cnn build them,
 * with seeded initial values and random seeded inputs.
 *
 * ch4: x[B,784] → [B,28,28,1] → conv 5×5×1×16 SAME, no bias → maxPool 2×2/2 → dense 3136→1024 + b,
 *      relu → dense 1024→10 + b → softmax cross-entropy (summed); Tf1Adam.
 * ch5: conv 5×5×1×32 + b, relu → maxPool → conv 5×5×32×64 + b, relu → maxPool → dense 3136→1024
 *      + b, relu → dropout 0.5 (floor(u + keep)/keep mask) → dense 1024→10 + b → softmax
 *      cross-entropy; Tf1Adam.
 *
 * Wall time on a shared two-core machine swings with other people's jobs, so `compareVariants`
 * runs several configurations side by side in one process, interleaved round by round, and reports
 * medians of wall and CPU time (process.cpuUsage: every thread of the process, including the wasm
 * thread pool's workers, which spin a little while waiting).
 */
import * as tf from '@tensorflow/tfjs';
import { Tf1Adam } from '../tf1-adam';

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
  /** Tf1Adam's one-kernel update (default) or its 14 tf ops per variable. */
  fusedAdam?: boolean;
  /**
   * Build the layers with tf.fused.conv2d / tf.fused.matMul (bias and relu inside the kernel)
   * instead of conv2d/matMul + add + relu. Default false, as the solutions do.
   */
  fusedLayers?: boolean;
}

const SEED = 20180312;
const IMAGE = 28;
const CLASSES = 10;

interface Network {
  variables: tf.Variable[];
  loss: (xs: tf.Tensor2D, labels: tf.Tensor2D, step: number) => tf.Scalar;
}

function variable(shape: number[], seed: number, stddev: number): tf.Variable {
  return tf.tidy(() => tf.variable(tf.truncatedNormal(shape, 0, stddev, 'float32', seed)));
}

function constantVariable(shape: number[], value: number): tf.Variable {
  return tf.tidy(() => tf.variable(tf.fill(shape, value)));
}

/** The solutions' loss: −Σ t·log softmax(z), computed from shifted logits. */
function crossEntropy(logits: tf.Tensor2D, t: tf.Tensor2D): tf.Scalar {
  const shifted = tf.sub(logits, tf.max(logits, 1, true));
  const logSumExp = tf.log(tf.sum(tf.exp(shifted), 1, true));
  return tf.neg(tf.sum<tf.Scalar>(tf.mul(t, tf.sub(shifted, logSumExp))));
}

function dense(x: tf.Tensor2D, w: tf.Variable, b: tf.Variable, relu: boolean, fused: boolean): tf.Tensor2D {
  if (fused)
    return tf.fused.matMul({ a: x, b: w as tf.Tensor2D, bias: b, activation: relu ? 'relu' : 'linear' }) as tf.Tensor2D;
  const z = tf.add(tf.matMul(x, w as tf.Tensor2D), b) as tf.Tensor2D;
  return relu ? (tf.relu(z) as tf.Tensor2D) : z;
}

function convReluPool(x: tf.Tensor4D, w: tf.Variable, b: tf.Variable, fused: boolean): tf.Tensor4D {
  const activated = fused
    ? tf.fused.conv2d({ x, filter: w as tf.Tensor4D, strides: 1, pad: 'same', bias: b, activation: 'relu' })
    : (tf.relu(tf.add(tf.conv2d(x, w as tf.Tensor4D, 1, 'same'), b)) as tf.Tensor4D);
  return tf.maxPool(activated, 2, 2, 'same');
}

function chapter4(fused: boolean): Network {
  const conv = variable([5, 5, 1, 16], SEED, 0.1);
  const w2 = variable([3136, 1024], SEED + 1, 1);
  const b2 = constantVariable([1024], 0);
  const w0 = constantVariable([1024, CLASSES], 0);
  const b0 = constantVariable([CLASSES], 0);
  return {
    variables: [conv, w2, b2, w0, b0],
    loss: (xs, labels) => {
      const images = tf.reshape(xs, [-1, IMAGE, IMAGE, 1]) as tf.Tensor4D;
      const pooled = tf.maxPool(tf.conv2d(images, conv as tf.Tensor4D, 1, 'same'), 2, 2, 'same');
      const flat = tf.reshape(pooled, [-1, 3136]) as tf.Tensor2D;
      return crossEntropy(dense(dense(flat, w2, b2, true, fused), w0, b0, false, fused), labels);
    },
  };
}

function chapter5(fused: boolean): Network {
  const conv1 = variable([5, 5, 1, 32], SEED, 0.1);
  const bias1 = constantVariable([32], 0.1);
  const conv2 = variable([5, 5, 32, 64], SEED + 1, 0.1);
  const bias2 = constantVariable([64], 0.1);
  const w2 = variable([3136, 1024], SEED + 2, 1);
  const b2 = constantVariable([1024], 0.1);
  const w0 = constantVariable([1024, CLASSES], 0);
  const b0 = constantVariable([CLASSES], 0);
  return {
    variables: [conv1, bias1, conv2, bias2, w2, b2, w0, b0],
    loss: (xs, labels, step) => {
      const images = tf.reshape(xs, [-1, IMAGE, IMAGE, 1]) as tf.Tensor4D;
      const p2 = convReluPool(convReluPool(images, conv1, bias1, fused), conv2, bias2, fused);
      const hidden = dense(tf.reshape(p2, [-1, 3136]) as tf.Tensor2D, w2, b2, true, fused);
      const mask = tf.floor(tf.add(tf.randomUniform(hidden.shape, 0, 1, 'float32', SEED * 1000 + step), 0.5));
      const dropped = tf.mul(hidden, tf.div(mask, 0.5)) as tf.Tensor2D;
      return crossEntropy(dense(dropped, w0, b0, false, fused), labels);
    },
  };
}

/** One network with its optimizer and data, stepping on the current backend. */
export interface Trainer {
  step(): void;
  dispose(): void;
}

export function makeTrainer(chapter: Chapter, options: StepTimingOptions = {}): Trainer {
  const batch = options.batch ?? BOOK_BATCH[chapter];
  const fusedLayers = options.fusedLayers ?? false;
  const network = chapter === 'ch4' ? chapter4(fusedLayers) : chapter5(fusedLayers);
  const optimizer = new Tf1Adam({ learningRate: options.learningRate ?? 1e-4, fused: options.fusedAdam ?? true });
  const xs = tf.tidy(() => tf.randomUniform([batch, IMAGE * IMAGE], 0, 1, 'float32', SEED + 21)) as tf.Tensor2D;
  const labels = tf.tidy(() =>
    tf.oneHot(tf.randomUniform([batch], 0, CLASSES, 'int32', SEED + 22) as tf.Tensor1D, CLASSES).toFloat(),
  ) as tf.Tensor2D;
  let index = 0;
  return {
    step: () => {
      const at = ++index;
      const loss = optimizer.minimize(() => network.loss(xs, labels, at), true, network.variables);
      loss!.dataSync();
      loss!.dispose();
    },
    dispose: () => {
      optimizer.dispose();
      tf.dispose([xs, labels, ...network.variables]);
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
  const trainer = makeTrainer(chapter, options);
  try {
    for (let i = 0; i < (options.warmup ?? 2); i++) trainer.step();
    const start = performance.now();
    for (let i = 0; i < steps; i++) trainer.step();
    return (performance.now() - start) / steps;
  } finally {
    trainer.dispose();
    if (previous) await tf.setBackend(previous);
  }
}

export interface Variant {
  name: string;
  /** Trainer options of this variant. */
  options?: StepTimingOptions;
  /** Called before each of its rounds: sets whatever global switches the variant is about. */
  setup?: () => void;
}

export interface VariantTiming {
  name: string;
  /** Medians over all timed steps, ms. */
  wallMs: number;
  cpuMs: number;
  steps: number;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * Runs `rounds` rounds; in each, every variant (in order) runs `stepsPerRound` steps of its own
 * network, each timed on its own. Interleaving puts every variant through the same spells of
 * machine load, so their ratios stay meaningful when absolute times do not.
 */
export function compareVariants(
  chapter: Chapter,
  variants: Variant[],
  rounds: number,
  stepsPerRound = 2,
  warmup = 2,
): VariantTiming[] {
  const trainers = variants.map((v) => {
    v.setup?.();
    const trainer = makeTrainer(chapter, v.options);
    for (let i = 0; i < warmup; i++) trainer.step();
    return trainer;
  });
  const wall = variants.map((): number[] => []);
  const cpu = variants.map((): number[] => []);
  try {
    for (let r = 0; r < rounds; r++) {
      variants.forEach((v, i) => {
        v.setup?.();
        for (let s = 0; s < stepsPerRound; s++) {
          const c0 = process.cpuUsage();
          const t0 = performance.now();
          trainers[i]!.step();
          const t1 = performance.now();
          const c = process.cpuUsage(c0);
          wall[i]!.push(t1 - t0);
          cpu[i]!.push((c.user + c.system) / 1000);
        }
      });
    }
  } finally {
    trainers.forEach((t) => t.dispose());
  }
  return variants.map((v, i) => ({
    name: v.name,
    wallMs: median(wall[i]!),
    cpuMs: median(cpu[i]!),
    steps: wall[i]!.length,
  }));
}
