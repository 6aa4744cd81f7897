import * as tf from '@tensorflow/tfjs';
import { DivergedError } from '../../lib/errors';
import { todo } from '../../lib/kata';
import type { MnistBatch } from '../../lib/mnist/batches';
import { readAndDispose } from '../../lib/reads';
import { Tf1Adam } from '../../lib/tf1-adam';
import type { Evaluation } from './evaluate';
import type { Network } from './network';

/** Where minibatches come from: `MnistBatcher` (the book's `mnist.train.next_batch`) or anything like it. */
export interface Batches {
  nextBatch(batchSize: number): MnistBatch;
}

export interface LogEntry {
  step: number;
  /** The loss of this step's batch (summed over its examples, before the update). */
  loss: number;
  /** On the held-out set, when an evaluation ran at this step. */
  testLoss?: number;
  testAccuracy?: number;
}

export interface TrainOptions {
  network: Network;
  batches: Batches;
  /** Number of Adam updates (the book: 4000). */
  steps: number;
  /** Examples per update (the book: 100 in chapter 4, 50 in chapter 5). */
  batchSize: number;
  /** Adam's step size (the book: 0.0005 in chapter 4, 0.0001 in chapter 5). */
  learningRate: number;
  /** Evaluate every this many steps (and after the last one); the book: 1000. */
  evaluateEvery?: number;
  /** Measures the network on held-out data, e.g. `() => evaluate(network, mnist.test, 2500)`. */
  evaluate?: () => Evaluation | Promise<Evaluation>;
  /** Called after every step with its batch loss, e.g. for a progress line. */
  onStep?: (step: number, loss: number) => void;
  /** Called with each log entry as it is recorded. */
  onLog?: (entry: LogEntry) => void;
}

export interface TrainResult {
  /** One entry per evaluation (every `evaluateEvery` steps and after the last). */
  log: LogEntry[];
}

/**
 * One step of minibatch training: the batch becomes tensors, Adam lowers the cross-entropy of
 * the network's logits on it, and every tensor made along the way is freed but the loss.
 *
 * The loss stays a tensor: reading it here would make the CPU wait for the GPU at every step,
 * so `trainClassifier` reads the losses of many steps at once.
 *
 * @param step the step's number (1, 2, …); a network with dropout seeds its mask with it
 * @returns the batch's loss before the update, a scalar tensor the caller reads and disposes
 */
export function trainStep(network: Network, optimizer: tf.Optimizer, batch: MnistBatch, step: number): tf.Scalar {
  // TODO(kata ch4/train): one optimizer step on the batch; return the batch's loss as a scalar tensor
  // and leave no other tensor behind (also when something throws).
  return todo('ch4/train', 'apply one optimizer step on the batch and return its loss');
}

/**
 * Steps whose losses are read back together: one wait for the GPU per this many steps instead of
 * one per step. On a CPU backend it costs nothing; the progress line just moves in bursts.
 */
export const LOSS_READ_EVERY = 20;

/**
 * The book's training loop: `steps` times, take the next minibatch and apply one Adam update
 * (TF 1.x's form); every `evaluateEvery` steps, measure the held-out set. The batch losses are
 * read `LOSS_READ_EVERY` steps at a time, and before every evaluation.
 *
 * It is async because the reads are (`await tensor.data()`, see lib/reads.ts): while one waits,
 * Node's event loop runs, and the WebGPU backend frees the GPU work that has finished.
 *
 * @throws DivergedError as soon as a batch loss read back is NaN or infinite, naming its step
 */
export async function trainClassifier(options: TrainOptions): Promise<TrainResult> {
  const { network, batches, steps, batchSize, learningRate, evaluateEvery = 1000, evaluate, onStep, onLog } = options;
  const optimizer = new Tf1Adam({ learningRate });
  const log: LogEntry[] = [];
  const pending: tf.Scalar[] = [];
  /** Reads the pending losses (the steps up to `last`) and reports each; returns the last one. */
  const readLosses = async (last: number): Promise<number> => {
    const stacked = tf.stack(pending);
    tf.dispose(pending.splice(0));
    const losses = await readAndDispose(stacked);
    losses.forEach((loss, i) => {
      const step = last - losses.length + 1 + i;
      if (!Number.isFinite(loss)) throw new DivergedError(step, loss);
      onStep?.(step, loss);
    });
    return losses.at(-1)!;
  };
  try {
    for (let step = 1; step <= steps; step++) {
      pending.push(trainStep(network, optimizer, batches.nextBatch(batchSize), step));
      const logHere = step % evaluateEvery === 0 || step === steps;
      if (!logHere && pending.length < LOSS_READ_EVERY) continue;
      const loss = await readLosses(step);
      if (logHere) {
        const entry: LogEntry = { step, loss };
        if (evaluate) {
          const { loss: testLoss, accuracy: testAccuracy } = await evaluate();
          Object.assign(entry, { testLoss, testAccuracy });
        }
        log.push(entry);
        onLog?.(entry);
      }
    }
  } finally {
    tf.dispose(pending);
    optimizer.dispose();
  }
  return { log };
}
