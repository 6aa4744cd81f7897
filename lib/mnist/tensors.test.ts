import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { RandomState } from '../numpy-random';
import { MnistBatcher } from './batches';
import { MNIST_CLASSES } from './idx';
import { MNIST_PIXELS } from './load';
import { toTensors } from './tensors';

/** A batch of the book's size (chapter 4 and 5 train on next_batch(50)). */
const BATCH = 50;
/** More examples than one batch, so the batch is a shuffled selection. */
const EXAMPLES = 60;

describe('toTensors', () => {
  it('should turn a batch into xs [B, 784] and one-hot ys [B, 10] float32 tensors with the same values', async () => {
    const images = Float32Array.from({ length: EXAMPLES * MNIST_PIXELS }, (_, i) => (i % 255) / 255);
    const labels = Uint8Array.from({ length: EXAMPLES }, (_, k) => k % MNIST_CLASSES);
    const batch = new MnistBatcher({ count: EXAMPLES, images, labels }, new RandomState(0)).nextBatch(BATCH);
    const { xs, ys } = toTensors(batch);
    try {
      expect([xs.shape, xs.dtype, ys.shape, ys.dtype]).toEqual([
        [BATCH, MNIST_PIXELS],
        'float32',
        [BATCH, MNIST_CLASSES],
        'float32',
      ]);
      expect(await xs.data()).toEqual(batch.images);
      expect(await ys.data()).toEqual(batch.oneHot);
      expect(Array.from(await ys.argMax(1).data())).toEqual(Array.from(batch.labels));
    } finally {
      tf.dispose([xs, ys]);
    }
  });
});
