/**
 * The one bridge from MNIST's typed arrays to TensorFlow.js, kept apart so that loading and
 * batching stay plain, fast-to-test data code.
 */
import * as tf from '@tensorflow/tfjs';
import { MNIST_CLASSES } from './idx';
import { MNIST_PIXELS } from './load';
import type { MnistBatch } from './batches';

/**
 * `xs` [count, 784] and `ys` [count, 10] float32, like the book's placeholders `x` and `t`; the
 * convolution networks reshape `xs` to [count, 28, 28, 1] themselves, as the book does. The caller
 * owns (and must dispose) both tensors.
 */
export function toTensors(batch: MnistBatch): { xs: tf.Tensor2D; ys: tf.Tensor2D } {
  return {
    xs: tf.tensor2d(batch.images, [batch.count, MNIST_PIXELS], 'float32'),
    ys: tf.tensor2d(batch.oneHot, [batch.count, MNIST_CLASSES], 'float32'),
  };
}
