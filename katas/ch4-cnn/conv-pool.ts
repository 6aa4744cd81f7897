import type * as tf from '@tensorflow/tfjs';
import { todo } from '../../lib/kata';

/** The book's filters are 5×5 pixels. */
export const FILTER_SIZE = 5;
/** Max pooling over 2×2 windows with stride 2 halves the height and the width. */
export const POOL_SIZE = 2;

/**
 * The convolution + pooling block of chapter 4: every filter slides over the images (stride 1,
 * SAME padding, no bias), then 2×2 max pooling with stride 2 (SAME padding) keeps the largest
 * response of each window.
 *
 * @param images a batch, shape [N, H, W, C] (MNIST: [N, 28, 28, 1])
 * @param filters shape [k, k, C, F] (the book: [5, 5, 1, 16])
 * @returns the pooled feature maps, shape [N, ⌈H/2⌉, ⌈W/2⌉, F]
 */
export function convPool(images: tf.Tensor4D, filters: tf.Tensor4D): tf.Tensor4D {
  // TODO(kata ch4/conv-pool): return the images convolved with the filters (stride 1, 'same' padding),
  // then max-pooled over POOL_SIZE × POOL_SIZE windows with stride POOL_SIZE ('same').
  return todo('ch4/conv-pool', 'convolve the images with the filters, then 2×2 max-pool with stride 2');
}
