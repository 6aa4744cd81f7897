import * as tf from '@tensorflow/tfjs';
import { DivergedError } from '../../lib/errors';
import { AWAIT_EVERY, readAndDispose } from '../../lib/reads';
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

/** Loss (chapter 2's cross-entropy) and accuracy of the network on a set, as plain numbers, in one awaited read. */
export async function evaluate(
  network: Network,
  x: tf.Tensor2D,
  t: tf.Tensor2D,
): Promise<{ loss: number; accuracy: number }> {
  const both = tf.tidy(() => {
    const p = network.probability(x);
    return tf.stack([crossEntropyLoss(p, t), accuracy(p, t)]);
  });
  const [loss, fraction] = await readAndDispose(both);
  return { loss: loss!, accuracy: fraction! };
}

/**
 * Trains the network in place with plain gradient descent on the summed cross-entropy. Async, as
 * every chapter's training loop is: it reads with `await` (see lib/reads.ts).
 *
 * @returns the entries recorded every `logEvery` steps
 */
export async function trainNetwork(options: TrainOptions): Promise<LogEntry[]> {
  const { network, x, t, steps, learningRate = 0.001, logEvery = 100, onLog } = options;
  const loss = () => crossEntropyLoss(network.probability(x), t);
  const log: LogEntry[] = [];
  for (let step = 1; step <= steps; step++) {
    gradientDescentStep(loss, network.variables, learningRate);
    if (step % logEvery === 0 || step === steps) {
      const entry = { step, ...(await evaluate(network, x, t)) };
      if (!Number.isFinite(entry.loss)) throw new DivergedError(step, entry.loss);
      log.push(entry);
      onLog?.(entry);
    } else if (step % AWAIT_EVERY === 0) {
      await tf.nextFrame();
    }
  }
  return log;
}
