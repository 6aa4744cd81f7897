import type * as tf from '@tensorflow/tfjs';
import { todo } from '../../lib/kata';

/**
 * One convolution block of chapter 5: convolution (stride 1, SAME), plus a bias per filter, ReLU,
 * then 2×2 max pooling with stride 2 (SAME). The book stacks two: 1 → 32 and 32 → 64 channels.
 *
 * @param x feature maps, shape [N, H, W, C]
 * @param filters shape [k, k, C, F]
 * @param bias one per filter, shape [F] (the book starts them at 0.1)
 * @returns max_pool(relu(conv(x, filters) + bias)), shape [N, ⌈H/2⌉, ⌈W/2⌉, F]
 */
export function convReluPool(x: tf.Tensor4D, filters: tf.Tensor4D, bias: tf.Tensor1D): tf.Tensor4D {
  // TODO(kata ch5/conv-block): return max_pool(relu(conv(x, filters) + bias)): stride 1 with 'same'
  // padding, POOL_SIZE × POOL_SIZE pooling with stride POOL_SIZE ('same').
  return todo('ch5/conv-block', 'return max_pool(relu(conv(x, filters) + bias))');
}
