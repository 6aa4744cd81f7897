import * as tf from '@tensorflow/tfjs';
import { DivergedError } from '../../lib/errors';
import { todo } from '../../lib/kata';
import { accuracy } from '../ch2-logistic-regression/accuracy';
import { crossEntropyLoss } from '../ch2-logistic-regression/loss';
import type { Network } from './network';

export interface LogEntry {
  step: number;
  loss: number;
  accuracy: number;
}

/**
 * One step of plain gradient descent, TF's `GradientDescentOptimizer(lr).minimize(loss)`:
 * every variable v moves against its gradient, v ← v − lr·∂loss/∂v.
 *
 * @param loss computes the scalar loss from the current variables
 * @param variables the variables to update; others the loss reads stay as they are
 */
export function gradientDescentStep(
  loss: () => tf.Scalar,
  variables: readonly tf.Variable[],
  learningRate: number,
): void {
  // TODO(kata ch3/train): move every variable against its gradient, v ← v − learningRate·∂loss/∂v,
  // leaving no tensor behind.
  todo('ch3/train', 'move every variable against its gradient: v ← v − lr·∂loss/∂v');
}

export interface TrainOptions {
  network: Network;
  /** Points, shape [N, 2]. */
  x: tf.Tensor2D;
  /** Targets 0 or 1, shape [N, 1]. */
  t: tf.Tensor2D;
  steps: number;
  /** The book uses 0.001. */
  learningRate?: number;
  /** Record loss and accuracy every this many steps (and after the last one). */
  logEvery?: number;
  onLog?: (entry: LogEntry) => void;
}

/** Loss (chapter 2's cross-entropy) and accuracy of the network on a set, as plain numbers. */
export function evaluate(network: Network, x: tf.Tensor2D, t: tf.Tensor2D): { loss: number; accuracy: number } {
  return tf.tidy(() => {
    const p = network.probability(x);
    return { loss: crossEntropyLoss(p, t).dataSync()[0]!, accuracy: accuracy(p, t).dataSync()[0]! };
  });
}

/**
 * Trains the network in place with plain gradient descent on the summed cross-entropy.
 *
 * @returns the entries recorded every `logEvery` steps
 */
export function trainNetwork(options: TrainOptions): LogEntry[] {
  const { network, x, t, steps, learningRate = 0.001, logEvery = 100, onLog } = options;
  const loss = () => crossEntropyLoss(network.probability(x), t);
  const log: LogEntry[] = [];
  for (let step = 1; step <= steps; step++) {
    gradientDescentStep(loss, network.variables, learningRate);
    if (step % logEvery === 0 || step === steps) {
      const entry = { step, ...evaluate(network, x, t) };
      if (!Number.isFinite(entry.loss)) throw new DivergedError(step, entry.loss);
      log.push(entry);
      onLog?.(entry);
    }
  }
  return log;
}
