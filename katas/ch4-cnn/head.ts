import * as tf from '@tensorflow/tfjs';
import { todo } from '../../lib/kata';

/** MNIST's ten digits: the width of the output layer. */
export const NUM_CLASSES = 10;

/** The two dense layers after the convolution, named as in the book. */
export interface DenseHeadParams {
  /** Hidden layer weights, shape [K, U] (the book: [3136, 1024]). */
  w2: tf.Tensor2D;
  /** Hidden layer biases, shape [U]. */
  b2: tf.Tensor1D;
  /** Output layer weights, shape [U, 10]. */
  w0: tf.Tensor2D;
  /** Output layer biases, shape [10]. */
  b0: tf.Tensor1D;
}

/**
 * The dense head: a ReLU hidden layer, then a linear output layer with one score per digit.
 * These scores ("logits") are what the book feeds to `tf.nn.softmax`.
 *
 * @param features flattened feature maps, shape [N, K]
 * @param params the layers' weights and biases
 * @returns logits z = relu(features·w2 + b2)·w0 + b0, shape [N, 10]
 */
export function denseHead(features: tf.Tensor2D, params: DenseHeadParams): tf.Tensor2D {
  // TODO(kata ch4/head): return the logits relu(features·w2 + b2)·w0 + b0, shape [N, 10]; the
  // softmax below turns them into probabilities.
  return todo('ch4/head', 'compute the logits relu(features·w2 + b2)·w0 + b0');
}

/**
 * The softmax that ends the book's network: p_k = exp(z_k) / Σ_j exp(z_j), row by row.
 *
 * @param logits shape [N, 10]
 * @returns probabilities, shape [N, 10], each row summing to 1
 */
export function classProbabilities(logits: tf.Tensor2D): tf.Tensor2D {
  return tf.softmax(logits);
}
