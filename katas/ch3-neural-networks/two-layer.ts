import * as tf from '@tensorflow/tfjs';
import { todo } from '../../lib/kata';
import { RandomState } from '../../lib/numpy-random';
import { truncatedNormal } from '../../lib/truncated-normal';
import { variableOf, type Network } from './network';

/** The parameters of the network with two tanh hidden layers of U1 and U2 units. */
export interface TwoLayerParams {
  /** Shape [2, U1]. */
  w1: tf.Tensor2D;
  /** Shape [U1]. */
  b1: tf.Tensor1D;
  /** Shape [U1, U2]. */
  w2: tf.Tensor2D;
  /** Shape [U2]. */
  b2: tf.Tensor1D;
  /** Shape [U2, 1]. */
  w0: tf.Tensor2D;
  /** Shape [1]. */
  b0: tf.Tensor1D;
}

/**
 * The forward pass of section 3.3's two-layer network (no bias scaling here):
 *   hidden1 = tanh(x·w1 + b1)         [N, U1]
 *   hidden2 = tanh(hidden1·w2 + b2)   [N, U2]
 *   p = sigmoid(hidden2·w0 + b0)      [N, 1]
 *
 * @param x points, shape [N, 2]
 * @returns p, shape [N, 1]
 */
export function twoLayerForward(params: TwoLayerParams, x: tf.Tensor2D): tf.Tensor2D {
  const { w1, b1, w2, b2, w0, b0 } = params;
  // TODO(kata ch3/two-layer): return p = sigmoid(tanh(tanh(x·w1 + b1)·w2 + b2)·w0 + b0), shape [N, 1]
  // (no mult in this network).
  return todo('ch3/two-layer', 'compute p through two tanh hidden layers and a sigmoid output');
}

export interface TwoLayerOptions {
  /** Units of the first hidden layer; the book uses 2. */
  units1?: number;
  /** Units of the second hidden layer; the book uses 2. */
  units2?: number;
  /** Seeds the truncated normals of w1 and then w2, drawn one after the other from one RandomState. */
  seed: number;
}

export interface TwoLayerNetwork extends Network {
  readonly params: {
    w1: tf.Variable<tf.Rank.R2>;
    b1: tf.Variable<tf.Rank.R1>;
    w2: tf.Variable<tf.Rank.R2>;
    b2: tf.Variable<tf.Rank.R1>;
    w0: tf.Variable<tf.Rank.R2>;
    b0: tf.Variable<tf.Rank.R1>;
  };
}

/** The book's initial network: w1 and w2 from truncated normals, biases and w0 zeros. */
export function twoLayerNetwork({ units1 = 2, units2 = 2, seed }: TwoLayerOptions): TwoLayerNetwork {
  const rs = new RandomState(seed);
  const params = {
    w1: variableOf<tf.Rank.R2>(truncatedNormal(rs, 2, units1), [2, units1]),
    b1: variableOf<tf.Rank.R1>(new Array(units1).fill(0), [units1]),
    w2: variableOf<tf.Rank.R2>(truncatedNormal(rs, units1, units2), [units1, units2]),
    b2: variableOf<tf.Rank.R1>(new Array(units2).fill(0), [units2]),
    w0: variableOf<tf.Rank.R2>(new Array(units2).fill(0), [units2, 1]),
    b0: variableOf<tf.Rank.R1>([0], [1]),
  };
  const variables = [params.w1, params.b1, params.w2, params.b2, params.w0, params.b0];
  return {
    params,
    variables,
    probability: (x) => twoLayerForward(params, x),
    dispose: () => tf.dispose(variables),
  };
}
