import * as tf from '@tensorflow/tfjs';
import { todo } from '../../lib/kata';
import { MNIST_IMAGE_SIDE } from '../../lib/mnist/idx';
import { FILTER_SIZE } from './conv-pool';
import { NUM_CLASSES, type DenseHeadParams } from './head';

/**
 * How a forward pass runs: at test time, or as training step `step` (1, 2, …), so that a network
 * with dropout can draw a fresh, reproducible mask for every step.
 */
export type ForwardMode = { training: false } | { training: true; step: number };

/** What the training loop and the evaluation need from a classifier of MNIST digits. */
export interface Network {
  /** Every trainable variable, in a fixed order. */
  readonly variables: readonly tf.Variable[];
  /**
   * Class scores before the softmax.
   *
   * @param xs images as the book's placeholder x holds them, shape [N, 784]
   * @returns logits, shape [N, 10]
   */
  logits(xs: tf.Tensor2D, mode?: ForwardMode): tf.Tensor2D;
  /** Frees the variables. */
  dispose(): void;
}

export interface SingleConvConfig {
  /** Convolution filters (the book: 16). */
  filters: number;
  /** Units in the dense hidden layer (the book: 1024). */
  hiddenUnits: number;
  /** Seeds the truncated-normal initial weights; a whole number ≥ 1. */
  seed: number;
}

/** Chapter 4 as the book runs it, seeded with the book's 20180312. */
export const BOOK_SINGLE_CONV: SingleConvConfig = { filters: 16, hiddenUnits: 1024, seed: 20180312 };

/** The book's initial weights: conv filters truncated normal with stddev 0.1 … */
export const FILTER_STDDEV = 0.1;
/** … and the hidden layer's truncated normal with TensorFlow's default stddev, 1.0. */
export const HIDDEN_STDDEV = 1.0;

/** The single-convolution network's variables, named as in the book. */
export interface SingleConvParams extends DenseHeadParams {
  /** Filters, shape [5, 5, 1, F]. */
  wConv: tf.Variable<tf.Rank.R4>;
  w2: tf.Variable<tf.Rank.R2>;
  b2: tf.Variable<tf.Rank.R1>;
  w0: tf.Variable<tf.Rank.R2>;
  b0: tf.Variable<tf.Rank.R1>;
}

export interface SingleConvNetwork extends Network {
  readonly config: SingleConvConfig;
  readonly params: SingleConvParams;
}

/** Height (and width) of a feature map after 2×2 pooling with stride 2 and SAME padding. */
export const pooledSide = (side: number) => Math.ceil(side / 2);

/**
 * Creates the chapter 4 network with the book's initial values: filters ~ truncated normal (0.1),
 * no conv bias; w2 ~ truncated normal (1.0), b2 = 0; w0 = 0, b0 = 0. Each variable draws from its
 * own seed (config.seed for the filters, config.seed + 1 for w2), so one seed fixes the whole network.
 */
export function createSingleConvNetwork(config: SingleConvConfig = BOOK_SINGLE_CONV): SingleConvNetwork {
  requireSeed(config.seed);
  const flat = pooledSide(MNIST_IMAGE_SIDE) ** 2 * config.filters;
  const params: SingleConvParams = tf.tidy(() => ({
    wConv: tf.variable(
      tf.truncatedNormal<tf.Rank.R4>(
        [FILTER_SIZE, FILTER_SIZE, 1, config.filters],
        0,
        FILTER_STDDEV,
        'float32',
        config.seed,
      ),
    ),
    w2: tf.variable(
      tf.truncatedNormal<tf.Rank.R2>([flat, config.hiddenUnits], 0, HIDDEN_STDDEV, 'float32', config.seed + 1),
    ),
    b2: tf.variable(tf.zeros<tf.Rank.R1>([config.hiddenUnits])),
    w0: tf.variable(tf.zeros<tf.Rank.R2>([config.hiddenUnits, NUM_CLASSES])),
    b0: tf.variable(tf.zeros<tf.Rank.R1>([NUM_CLASSES])),
  }));
  return {
    config,
    params,
    variables: [params.wConv, params.w2, params.b2, params.w0, params.b0],
    logits: (xs) => {
      // TODO(kata ch4/network): return the logits of the book's network: xs [N, 784] as images
      // [N, 28, 28, 1] → convPool → flattened [N, flat] → denseHead.
      return todo('ch4/network', 'reshape the images, apply convPool, flatten, and apply denseHead');
    },
    dispose: () => tf.dispose(Object.values(params)),
  };
}

/** tf.truncatedNormal treats seed 0 as "no seed" and draws from Math.random: refuse it. */
export function requireSeed(seed: number): void {
  if (!Number.isInteger(seed) || seed < 1) throw new RangeError(`seed must be a whole number ≥ 1, got ${seed}`);
}
