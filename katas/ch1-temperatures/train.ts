import * as tf from '@tensorflow/tfjs';
import { DivergedError } from '../../lib/errors';
import { todo } from '../../lib/kata';
import { AWAIT_EVERY, readAndDispose } from '../../lib/reads';
import { Tf1Adam } from '../../lib/tf1-adam';
import { squaredErrorLoss } from './loss';
import { predict } from './model';

export interface LogEntry {
  step: number;
  loss: number;
}

export interface TrainOptions {
  /** Features, shape [N, K]. */
  x: tf.Tensor2D;
  /** Targets, shape [N, 1]. */
  t: tf.Tensor2D;
  /** Number of Adam updates. */
  steps: number;
  /** Adam's step size; the book uses TF's default, 0.001. */
  learningRate?: number;
  /** Record the loss every this many steps (and after the last one). */
  logEvery?: number;
  /** Called with each recorded loss, e.g. to print progress. */
  onLog?: (entry: LogEntry) => void;
}

export interface TrainResult {
  /** The fitted parameters, shape [K, 1]; the caller disposes it. */
  w: tf.Variable<tf.Rank.R2>;
  log: LogEntry[];
}

/**
 * Fits w from zeros by minimising the squared error with (TF 1.x) Adam.
 *
 * It is async because it reads the loss with `await` (lib/reads.ts): on a GPU the CPU then waits
 * only at the log points, and Node's event loop gets to run, which the WebGPU backend needs.
 *
 * @returns the parameters [K, 1] and the losses recorded every `logEvery` steps
 */
export async function trainRegression(options: TrainOptions): Promise<TrainResult> {
  const { x, t, steps, learningRate = 0.001, logEvery = 1000, onLog } = options;
  const w = tf.tidy(() => tf.variable(tf.zeros([x.shape[1], 1]))) as tf.Variable<tf.Rank.R2>;
  const optimizer = new Tf1Adam({ learningRate });
  const currentLoss = () => squaredErrorLoss(predict(x, w), t);
  const log: LogEntry[] = [];
  try {
    for (let step = 1; step <= steps; step++) {
      // TODO(kata ch1/train): one Adam update of w that lowers currentLoss().
      todo('ch1/train', 'apply one optimizer step to w');
      if (step % logEvery === 0 || step === steps) {
        const loss = (await readAndDispose(tf.tidy(currentLoss)))[0]!;
        if (!Number.isFinite(loss)) throw new DivergedError(step, loss);
        const entry = { step, loss };
        log.push(entry);
        onLog?.(entry);
      } else if (step % AWAIT_EVERY === 0) {
        await tf.nextFrame();
      }
    }
  } catch (error) {
    w.dispose();
    throw error;
  } finally {
    optimizer.dispose();
  }
  return { w, log };
}
