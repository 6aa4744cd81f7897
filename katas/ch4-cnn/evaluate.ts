import * as tf from '@tensorflow/tfjs';
import { todo } from '../../lib/kata';
import type { MnistBatch } from '../../lib/mnist/batches';
import type { MnistSplit } from '../../lib/mnist/load';
import { toTensors } from '../../lib/mnist/tensors';
import { readAndDispose } from '../../lib/reads';
import { accuracy } from './accuracy';
import { crossEntropy } from './loss';
import type { Network } from './network';

export interface Evaluation {
  /** Cross-entropy summed over every example of the split (the book's test "Loss"). */
  loss: number;
  /** Fraction of the split classified correctly. */
  accuracy: number;
}

/**
 * Measures a network on a whole split, `chunkSize` examples at a time, so that the activations of
 * 10000 images never have to fit in memory at once. Losses add up over the chunks; the accuracy
 * counts correct answers over all examples, so a short last chunk weighs only its share.
 *
 * @param chunkSize examples per forward pass (the book's chapter 5: 2500, 4 chunks)
 */
export async function evaluate(
  network: Network,
  split: MnistSplit,
  chunkSize: number = split.count,
): Promise<Evaluation> {
  // TODO(kata ch4/evaluate): return the loss summed over all chunks of chunkSize rows and the
  // accuracy over all rows of the split.
  return todo('ch4/evaluate', 'measure every chunk, sum the losses and count the correct answers');
}

/**
 * The summed loss and the accuracy of one chunk, in test mode (no dropout), freeing every tensor.
 * Both numbers come back in one read, awaited: the CPU waits for the GPU once per chunk.
 */
export async function measure(network: Network, chunk: MnistBatch): Promise<[number, number]> {
  const both = tf.tidy(() => {
    const { xs, ys } = toTensors(chunk);
    const logits = network.logits(xs, { training: false });
    return tf.stack([crossEntropy(logits, ys), accuracy(logits, ys)]);
  });
  const [loss, fraction] = await readAndDispose(both);
  return [loss!, fraction!];
}
