import * as tf from '@tensorflow/tfjs';
import { chunksOf, type MnistBatch } from '../../lib/mnist/batches';
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
  let loss = 0;
  let correct = 0;
  for (const chunk of chunksOf(split, chunkSize)) {
    const [chunkLoss, chunkAccuracy] = await measure(network, chunk);
    loss += chunkLoss;
    // The accuracy is a float32 mean of 0s and 1s: times the count, it is a whole number to rounding.
    correct += Math.round(chunkAccuracy * chunk.count);
  }
  return { loss, accuracy: correct / split.count };
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
