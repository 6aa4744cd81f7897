/**
 * Reference pieces for the chapter 3 training tests, written with the same TensorFlow.js ops as
 * the reference solutions: a kata test that trains the learner's network uses this loss and
 * optimizer, and a test of the learner's training loop uses this network, so that each test grades
 * one kata. Same ops in the same order give the same float32 rounding, so the seeds' outcomes match
 * the bands measured on the solutions (fixtures/bands/ch3.json).
 */
import * as tf from '@tensorflow/tfjs';
import { RandomState } from '../numpy-random';
import { truncatedNormal } from '../truncated-normal';
import type { TrainingPoint } from './training';
import { AWAIT_EVERY } from '../reads';

/** The chapter 2 loss, −Σ[t·log p + (1 − t)·log(1 − p)] with p clipped to [1e-7, 1 − 1e-7]. */
export function referenceCrossEntropy(p: tf.Tensor2D, t: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const safe = tf.clipByValue(p, 1e-7, 1 - 1e-7);
    const perPoint = tf.add(tf.mul(t, tf.log(safe)), tf.mul(tf.sub(1, t), tf.log(tf.sub(1, safe))));
    return tf.neg(tf.sum(perPoint)) as tf.Scalar;
  });
}

/** The book's accuracy in plain JS: sign(p − 0.5) = sign(t − 0.5). */
export function plainAccuracy(p: ArrayLike<number>, t: readonly number[]): number {
  let right = 0;
  for (let i = 0; i < t.length; i++) if (Math.sign(p[i]! - 0.5) === Math.sign(t[i]! - 0.5)) right++;
  return right / t.length;
}

export interface TrainableNet {
  readonly variables: readonly tf.Variable[];
  probability(x: tf.Tensor2D): tf.Tensor2D;
}

/**
 * Plain gradient descent (tf.train.sgd) on the reference loss; returns one entry, after the last step.
 * Awaits now and then, as the katas' training loops do (lib/reads.ts).
 */
export async function trainWithSgd(
  net: TrainableNet,
  x: tf.Tensor2D,
  t: tf.Tensor2D,
  steps: number,
  learningRate = 0.001,
): Promise<TrainingPoint[]> {
  const optimizer = tf.train.sgd(learningRate);
  try {
    for (let step = 1; step <= steps; step++) {
      optimizer.minimize(() => referenceCrossEntropy(net.probability(x), t), false, [...net.variables]);
      if (step % AWAIT_EVERY === 0) await tf.nextFrame();
    }
  } finally {
    optimizer.dispose();
  }
  return tf.tidy(() => {
    const p = net.probability(x);
    const labels = Array.from(t.dataSync());
    return [
      { step: steps, loss: referenceCrossEntropy(p, t).dataSync()[0]!, accuracy: plainAccuracy(p.dataSync(), labels) },
    ];
  });
}

/**
 * The book's one-hidden-layer network, initialised as the chapter 3 solution does (w1 truncated normal from
 * RandomState(seed)).
 */
export function referenceSingleLayer(
  units: number,
  activation: 'tanh' | 'relu',
  mult: number,
  seed: number,
): TrainableNet & { dispose(): void } {
  const rs = new RandomState(seed);
  const w1 = tf.tidy(() => tf.variable(tf.tensor2d(truncatedNormal(rs, 2, units), [2, units])));
  const b1 = tf.tidy(() => tf.variable(tf.zeros([units])));
  const w0 = tf.tidy(() => tf.variable(tf.zeros([units, 1])));
  const b0 = tf.tidy(() => tf.variable(tf.zeros([1])));
  const variables = [w1, b1, w0, b0];
  return {
    variables,
    probability: (x) =>
      tf.tidy(() => {
        const z = tf.add(tf.matMul(x, w1), tf.mul(b1, mult)) as tf.Tensor2D;
        const hidden = activation === 'relu' ? tf.relu(z) : tf.tanh(z);
        return tf.sigmoid(tf.add(tf.matMul(hidden, w0), tf.mul(b0, mult))) as tf.Tensor2D;
      }),
    dispose: () => tf.dispose(variables),
  };
}
