import * as tf from '@tensorflow/tfjs';
import { todo } from '../../lib/kata';
import { RandomState } from '../../lib/numpy-random';
import { truncatedNormal } from '../../lib/truncated-normal';

export type Activation = 'tanh' | 'relu';

/** What training and plotting need from any network of this chapter. */
export interface Network {
  /** Every trainable variable, in the order the book declares them. */
  readonly variables: readonly tf.Variable[];
  /** The probability of class 1 for each point: x [N, 2] → p [N, 1]. */
  probability(x: tf.Tensor2D): tf.Tensor2D;
  /** Frees the variables. */
  dispose(): void;
}

/** The parameters of the one-hidden-layer network with U hidden units. */
export interface SingleLayerParams {
  /** Input → hidden weights, shape [2, U]. */
  w1: tf.Tensor2D;
  /** Hidden biases, shape [U]. */
  b1: tf.Tensor1D;
  /** Hidden → output weights, shape [U, 1]. */
  w0: tf.Tensor2D;
  /** Output bias, shape [1]. */
  b0: tf.Tensor1D;
}

export interface SingleLayerConfig {
  activation: Activation;
  /**
   * The book's bias scale: every bias is multiplied by the mean input value (≈ 15), so a bias of
   * order 1 shifts the units as far as the weights do and plain gradient descent moves it faster.
   */
  mult: number;
}

/** The activation function by name, applied elementwise. */
export function activate(activation: Activation, z: tf.Tensor2D): tf.Tensor2D {
  return activation === 'relu' ? tf.relu(z) : tf.tanh(z);
}

/**
 * The forward pass of the one-hidden-layer network, as the book writes it:
 *   hidden = activation(x·w1 + b1·mult)   [N, U]
 *   p = sigmoid(hidden·w0 + b0·mult)      [N, 1]
 *
 * @param x points, shape [N, 2]
 * @returns p, shape [N, 1]
 */
export function singleLayerForward(params: SingleLayerParams, config: SingleLayerConfig, x: tf.Tensor2D): tf.Tensor2D {
  const { w1, b1, w0, b0 } = params;
  const { activation, mult } = config;
  // TODO(kata ch3/network): return p = sigmoid(act(x·w1 + b1·mult)·w0 + b0·mult), shape [N, 1],
  // leaving no other tensor behind.
  return todo('ch3/network', 'compute p = sigmoid(activation(x·w1 + b1·mult)·w0 + b0·mult)');
}

export interface SingleLayerOptions {
  /** Hidden units U (the book tries 2 and 4). */
  units: number;
  activation?: Activation;
  /** The bias scale; the book uses the training inputs' mean (`inputMean` in ./data). */
  mult: number;
  /** Seeds the truncated-normal draw of w1 (lib/truncated-normal.ts, on numpy's RandomState). */
  seed: number;
}

export interface SingleLayerNetwork extends Network {
  readonly params: {
    w1: tf.Variable<tf.Rank.R2>;
    b1: tf.Variable<tf.Rank.R1>;
    w0: tf.Variable<tf.Rank.R2>;
    b0: tf.Variable<tf.Rank.R1>;
  };
  readonly config: SingleLayerConfig;
}

/** A variable holding `values` in `shape`, created without leaving the temporary tensor behind. */
export function variableOf<R extends tf.Rank>(values: number[], shape: number[]): tf.Variable<R> {
  return tf.tidy(() => tf.variable(tf.tensor(values, shape))) as unknown as tf.Variable<R>;
}

/** The book's initial network: w1 from a truncated normal, b1, w0 and b0 zeros. */
export function singleLayerNetwork({ units, activation = 'tanh', mult, seed }: SingleLayerOptions): SingleLayerNetwork {
  const rs = new RandomState(seed);
  const params = {
    w1: variableOf<tf.Rank.R2>(truncatedNormal(rs, 2, units), [2, units]),
    b1: variableOf<tf.Rank.R1>(new Array(units).fill(0), [units]),
    w0: variableOf<tf.Rank.R2>(new Array(units).fill(0), [units, 1]),
    b0: variableOf<tf.Rank.R1>([0], [1]),
  };
  const config = { activation, mult };
  const variables = [params.w1, params.b1, params.w0, params.b0];
  return {
    params,
    config,
    variables,
    probability: (x) => singleLayerForward(params, config, x),
    dispose: () => tf.dispose(variables),
  };
}
