import type * as tf from '@tensorflow/tfjs';
import { todo } from '../../lib/kata';

/**
 * Categorical accuracy: the fraction of rows whose highest score is in the labelled class.
 * Scores may be logits or probabilities: softmax keeps the order, so the argmax is the same.
 *
 * @param scores shape [N, 10]
 * @param t one-hot labels, shape [N, 10]
 * @returns mean(argmax(scores) == argmax(t)), a scalar in [0, 1]
 */
export function accuracy(scores: tf.Tensor2D, t: tf.Tensor2D): tf.Scalar {
  // TODO(kata ch4/accuracy): return the share of rows whose highest score is at the label's class,
  // as a float32 scalar.
  return todo('ch4/accuracy', 'return the fraction of rows where argmax(scores) equals argmax(t)');
}
