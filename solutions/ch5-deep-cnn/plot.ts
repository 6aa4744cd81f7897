/**
 * Chapter 5's figures from the learner's code: their two-convolution network with dropout trained
 * a modest number of steps beside the reference's, both with chapter 4's reference training loop,
 * loss and evaluation (the same seed, batches and Adam), so any difference comes from their
 * chapter 5 katas; then each one's first-layer filters and first misclassified test digits.
 */
import type { ChapterPlot } from '../../lib/learner/plot';
import { loadMnist } from '../../lib/mnist/load';
import * as evaluate from '../ch4-cnn/evaluate';
import {
  filterGridFigure,
  firstMisclassified,
  misclassifiedFigure,
  predictProbabilities,
  save,
} from '../ch4-cnn/figures';
import { trainAndMeasure, useLargeJobBackend } from '../ch4-cnn/plot';
import * as train from '../ch4-cnn/train';
import { CH5_SETUP } from './book-run';
import type * as ConvBlock from './conv-block';
import type * as Dropout from './dropout';
import type * as Network from './network';

export interface Ch5Modules {
  [kata: string]: unknown;
  'conv-block': typeof ConvBlock;
  dropout: typeof Dropout;
  network: typeof Network;
}

/** Filters per row in the filter figure. */
const FILTER_COLUMNS = 8;
/** The book shows the first 10 misclassified test digits. */
const MISCLASSIFIED_SHOWN = 10;
/** Test images per forward pass. */
const EVAL_CHUNK = 2500;

export const chapterPlot: ChapterPlot<Ch5Modules> = {
  needs: ['conv-block', 'dropout', 'network'],
  // 200 steps of 50, as many as chapter 4 takes: a minute or two a side on wasm (2 cores).
  defaultSteps: 200,
  async plot({ learner, reference, steps, outDir, print }) {
    await useLargeJobBackend(print);
    const mnist = loadMnist();
    const config = reference.network.BOOK_DOUBLE_CONV;
    const files: string[] = [];
    for (const [who, modules] of [
      ['yours', learner],
      ['reference', reference],
    ] as const) {
      const network = modules.network.createDoubleConvNetwork(config);
      try {
        await trainAndMeasure(
          who,
          network,
          mnist,
          { train, evaluate },
          { steps, batchSize: CH5_SETUP.batchSize, learningRate: CH5_SETUP.learningRate },
          print,
        );
        const filters = network.params.wConv1.dataSync() as Float32Array;
        files.push(
          ...(await save(filterGridFigure(filters, config.filters1, FILTER_COLUMNS), outDir, `ch5-filters-${who}`)),
        );
        const misses = firstMisclassified(
          mnist.test,
          predictProbabilities(network, mnist.test, EVAL_CHUNK),
          MISCLASSIFIED_SHOWN,
        );
        files.push(
          ...(await save(misclassifiedFigure(mnist.test, misses, `ch5 ${who}`), outDir, `ch5-misclassified-${who}`)),
        );
      } finally {
        network.dispose();
      }
    }
    return files;
  },
};
