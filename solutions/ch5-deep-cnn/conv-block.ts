import * as tf from '@tensorflow/tfjs';
import { POOL_SIZE } from '../ch4-cnn/conv-pool';

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
  return tf.tidy(() => {
    // The bias [F] broadcasts over N, H and W: one value per filter, as the book's b_conv.
    const activated = tf.relu(tf.add(tf.conv2d(x, filters, 1, 'same'), bias)) as tf.Tensor4D;
    return tf.maxPool(activated, POOL_SIZE, POOL_SIZE, 'same');
  });
}
