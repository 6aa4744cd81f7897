import * as tf from '@tensorflow/tfjs';
import { MNIST_IMAGE_SIDE } from '../../lib/mnist/idx';
import { FILTER_SIZE } from '../ch4-cnn/conv-pool';
import { NUM_CLASSES } from '../ch4-cnn/head';
import {
  FILTER_STDDEV,
  HIDDEN_STDDEV,
  pooledSide,
  requireSeed,
  type ForwardMode,
  type Network,
} from '../ch4-cnn/network';
import { convReluPool } from './conv-block';
import { dropout } from './dropout';

export interface DoubleConvConfig {
  /** Filters of the first block (the book: 32). */
  filters1: number;
  /** Filters of the second block (the book: 64). */
  filters2: number;
  /** Units in the dense hidden layer (the book: 1024). */
  hiddenUnits: number;
  /** Probability of keeping a hidden unit in training (the book: 0.5). */
  keepProb: number;
  /** Seeds the initial weights and every step's dropout mask; a whole number ≥ 1. */
  seed: number;
}

/** Chapter 5 as the book runs it. */
export const BOOK_DOUBLE_CONV: DoubleConvConfig = {
  filters1: 32,
  filters2: 64,
  hiddenUnits: 1024,
  keepProb: 0.5,
  seed: 20180312,
};

/** The book starts every bias of chapter 5 but the output layer's at 0.1, so ReLUs start active. */
export const INITIAL_BIAS = 0.1;

/** Dropout seeds are seed·STRIDE + step: distinct for every step of any run shorter than this. */
export const DROPOUT_SEED_STRIDE = 1_000_000;

/** The two-convolution network's variables, named as in the book. */
export interface DoubleConvParams {
  /** First block's filters [5, 5, 1, F1] and biases [F1]. */
  wConv1: tf.Variable<tf.Rank.R4>;
  bConv1: tf.Variable<tf.Rank.R1>;
  /** Second block's filters [5, 5, F1, F2] and biases [F2]. */
  wConv2: tf.Variable<tf.Rank.R4>;
  bConv2: tf.Variable<tf.Rank.R1>;
  /** Hidden layer [7·7·F2, U] and [U]. */
  w2: tf.Variable<tf.Rank.R2>;
  b2: tf.Variable<tf.Rank.R1>;
  /** Output layer [U, 10] and [10]. */
  w0: tf.Variable<tf.Rank.R2>;
  b0: tf.Variable<tf.Rank.R1>;
}

export interface DoubleConvNetwork extends Network {
  readonly config: DoubleConvConfig;
  readonly params: DoubleConvParams;
}

/** The seed of training step `step`'s dropout mask. */
export const dropoutSeed = (seed: number, step: number) => seed * DROPOUT_SEED_STRIDE + step;

/**
 * Creates the chapter 5 network with the book's initial values: filters ~ truncated normal (0.1),
 * conv biases 0.1; w2 ~ truncated normal (1.0), b2 = 0.1; w0 = 0, b0 = 0.
 */
export function createDoubleConvNetwork(config: DoubleConvConfig = BOOK_DOUBLE_CONV): DoubleConvNetwork {
  requireSeed(config.seed);
  const { filters1, filters2, hiddenUnits, keepProb, seed } = config;
  const flat = pooledSide(pooledSide(MNIST_IMAGE_SIDE)) ** 2 * filters2;
  const params: DoubleConvParams = tf.tidy(() => ({
    wConv1: tf.variable(
      tf.truncatedNormal<tf.Rank.R4>([FILTER_SIZE, FILTER_SIZE, 1, filters1], 0, FILTER_STDDEV, 'float32', seed),
    ),
    bConv1: tf.variable(tf.fill<tf.Rank.R1>([filters1], INITIAL_BIAS)),
    wConv2: tf.variable(
      tf.truncatedNormal<tf.Rank.R4>(
        [FILTER_SIZE, FILTER_SIZE, filters1, filters2],
        0,
        FILTER_STDDEV,
        'float32',
        seed + 1,
      ),
    ),
    bConv2: tf.variable(tf.fill<tf.Rank.R1>([filters2], INITIAL_BIAS)),
    w2: tf.variable(tf.truncatedNormal<tf.Rank.R2>([flat, hiddenUnits], 0, HIDDEN_STDDEV, 'float32', seed + 2)),
    b2: tf.variable(tf.fill<tf.Rank.R1>([hiddenUnits], INITIAL_BIAS)),
    w0: tf.variable(tf.zeros<tf.Rank.R2>([hiddenUnits, NUM_CLASSES])),
    b0: tf.variable(tf.zeros<tf.Rank.R1>([NUM_CLASSES])),
  }));
  const logits = (xs: tf.Tensor2D, mode?: ForwardMode): tf.Tensor2D =>
    tf.tidy(() => {
      // [N, 784] → [N, 28, 28, 1] → [N, 14, 14, F1] → [N, 7, 7, F2] → [N, 3136] → [N, U] → dropout → [N, 10].
      const images = tf.reshape(xs, [-1, MNIST_IMAGE_SIDE, MNIST_IMAGE_SIDE, 1]) as tf.Tensor4D;
      const pooled1 = convReluPool(images, params.wConv1, params.bConv1);
      const pooled2 = convReluPool(pooled1, params.wConv2, params.bConv2);
      const flattened = tf.reshape(pooled2, [-1, flat]) as tf.Tensor2D;
      const hidden = tf.relu(tf.add(tf.matMul(flattened, params.w2), params.b2)) as tf.Tensor2D;
      // Dropout only in training; at test time (no mode, or training false) every unit stays, unscaled.
      const dropped = mode?.training
        ? dropout(hidden, keepProb, { training: true, seed: dropoutSeed(seed, mode.step) })
        : hidden;
      return tf.add(tf.matMul(dropped, params.w0), params.b0);
    });
  return {
    config,
    params,
    variables: Object.values(params),
    logits,
    dispose: () => tf.dispose(Object.values(params)),
  };
}
