import * as tf from '@tensorflow/tfjs';
import { DivergedError } from '../../lib/errors';
import { todo } from '../../lib/kata';
import { AWAIT_EVERY, readAndDispose } from '../../lib/reads';
import { Tf1Adam } from '../../lib/tf1-adam';
import { accuracy } from './accuracy';
import { crossEntropyLoss } from './loss';
import { probability } from './model';

export interface LogEntry {
  step: number;
  loss: number;
  accuracy: number;
}

/** The model's parameters: weights w [2, 1] and bias w0 [1]. */
export interface Parameters {
  w: tf.Variable<tf.Rank.R2>;
  w0: tf.Variable<tf.Rank.R1>;
}

export interface TrainOptions {
  /** Points, shape [N, 2]. */
  x: tf.Tensor2D;
  /** Targets 0 or 1, shape [N, 1]. */
  t: tf.Tensor2D;
  /** Number of Adam updates. */
  steps: number;
  /** Adam's step size; the book uses TF's default, 0.001. */
  learningRate?: number;
  /** Record loss and accuracy every this many steps (and after the last one). */
  logEvery?: number;
  /** Called with each recorded entry, e.g. to print progress. */
  onLog?: (entry: LogEntry) => void;
  /** Called after every update, e.g. to measure the test set as the split experiment does; awaited. */
  afterStep?: (step: number, params: Parameters) => void | Promise<void>;
}

export interface TrainResult extends Parameters {
  log: LogEntry[];
}

/** Loss and accuracy of the parameters on a set, as plain numbers, in one awaited read. */
export async function evaluate(
  x: tf.Tensor2D,
  t: tf.Tensor2D,
  { w, w0 }: Parameters,
): Promise<{ loss: number; accuracy: number }> {
  const both = tf.tidy(() => {
    const p = probability(x, w, w0);
    return tf.stack([crossEntropyLoss(p, t), accuracy(p, t)]);
  });
  const [loss, fraction] = await readAndDispose(both);
  return { loss: loss!, accuracy: fraction! };
}

/**
 * Fits w and w0 from zeros by minimising the cross-entropy with (TF 1.x) Adam, as the book does.
 * Async, as every chapter's training loop is: it reads with `await` (see lib/reads.ts).
 *
 * @returns the parameters (the caller disposes them) and the entries recorded every `logEvery` steps
 */
export async function trainClassifier(options: TrainOptions): Promise<TrainResult> {
  const { x, t, steps, learningRate = 0.001, logEvery = 1000, onLog, afterStep } = options;
  const params: Parameters = {
    w: tf.tidy(() => tf.variable(tf.zeros([2, 1]))) as tf.Variable<tf.Rank.R2>,
    w0: tf.tidy(() => tf.variable(tf.zeros([1]))) as tf.Variable<tf.Rank.R1>,
  };
  const { w, w0 } = params;
  const optimizer = new Tf1Adam({ learningRate });
  const log: LogEntry[] = [];
  try {
    for (let step = 1; step <= steps; step++) {
      // TODO(kata ch2/train): one Adam update of both w and w0 that lowers the cross-entropy of
      // probability(x, w, w0) against t.
      todo('ch2/train', 'apply one optimizer step to w and w0');
      await afterStep?.(step, params);
      if (step % logEvery === 0 || step === steps) {
        const entry = { step, ...(await evaluate(x, t, params)) };
        if (!Number.isFinite(entry.loss)) throw new DivergedError(step, entry.loss);
        log.push(entry);
        onLog?.(entry);
      } else if (step % AWAIT_EVERY === 0) {
        await tf.nextFrame();
      }
    }
  } catch (error) {
    tf.dispose([w, w0]);
    throw error;
  } finally {
    optimizer.dispose();
  }
  return { w, w0, log };
}
