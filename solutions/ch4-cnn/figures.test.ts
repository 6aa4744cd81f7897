import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { MnistSplit } from '../../lib/mnist/load';
import { wellFormednessProblems } from '../../lib/plot/xml-check';
import {
  filterFigure,
  filterGridFigure,
  firstMisclassified,
  misclassifiedFigure,
  predictProbabilities,
  trainingFigure,
} from './figures';
import type { Network } from './network';

const PIXELS = 784;
const split = (labels: number[]): MnistSplit => ({
  count: labels.length,
  images: new Float32Array(labels.length * PIXELS).fill(0.5),
  labels: Uint8Array.from(labels),
});
/** Rows of probabilities that put 0.9 on the given classes. */
const confident = (classes: number[]) =>
  Float32Array.from(classes.flatMap((c) => Array.from({ length: 10 }, (_, k) => (k === c ? 0.91 : 0.01))));

describe('ch4/ch5 figures', () => {
  it('should find the first misclassified examples in split order, up to the limit', () => {
    const found = firstMisclassified(split([1, 2, 3, 4, 5]), confident([1, 7, 3, 0, 9]), 2);
    expect(found.map(({ index, prediction, actual }) => [index, prediction, actual])).toEqual([
      [1, 7, 2],
      [3, 0, 4],
    ]);
    expect(found[0]!.probabilities).toHaveLength(10);
  });

  it('should predict probabilities for every example, chunk by chunk, in test mode', () => {
    const modes: unknown[] = [];
    const network: Network = {
      variables: [],
      logits: (xs, mode) => {
        modes.push(mode);
        return tf.zeros([xs.shape[0], 10]);
      },
      dispose: () => {},
    };
    const before = tf.memory().numTensors;
    const p = predictProbabilities(network, split([0, 1, 2, 3, 4]), 2);
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(p)).toEqual(new Array(50).fill(0.1).map(Math.fround));
    expect(modes).toEqual([{ training: false }, { training: false }, { training: false }]);
  });

  it('should draw every figure kind as well-formed SVG', () => {
    const digits = split([3, 1, 4]);
    const svgs = [
      misclassifiedFigure(digits, firstMisclassified(digits, confident([0, 0, 0]), 10), 'x').toSVG(),
      misclassifiedFigure(digits, [], 'none').toSVG(),
      filterFigure(
        digits,
        new Float32Array(25 * 2).map((_, i) => i),
        2,
        new Float32Array(3 * 4 * 2),
        3,
        2,
      ).toSVG(),
      filterGridFigure(new Float32Array(25 * 3), 3, 2).toSVG(),
      trainingFigure(
        [10, 9, 8, 7, 6],
        10,
        [{ step: 5, loss: 6, testAccuracy: 0.5 }],
        [{ step: 5, accuracy: 0.6 }],
        2,
        'x',
      ).toSVG(),
    ];
    for (const svg of svgs) expect(wellFormednessProblems(svg)).toEqual([]);
    expect(svgs[1]).toContain('no misclassified digit');
  });
});
