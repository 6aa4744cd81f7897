/**
 * The book's chapter 4 run: one convolution layer of 16 filters on MNIST, Adam 0.0005, 4000
 * steps of 100, the test set measured every 1000 steps; then the filters beside their pooled
 * outputs for the first 9 test digits, and the first 10 misclassified digits.
 */
import * as tf from '@tensorflow/tfjs';
import bands from '../../fixtures/bands/ch4.json';
import { MnistBatcher } from '../../lib/mnist/batches';
import { MNIST_IMAGE_SIDE } from '../../lib/mnist/idx';
import { loadMnist, sliceSplit, type MnistData } from '../../lib/mnist/load';
import { RandomState } from '../../lib/numpy-random';
import type { BookRun, ChapterResult, RunOptions } from '../../lib/run/types';
import { convPool } from './conv-pool';
import { filterFigure, save } from './figures';
import { runMnistBook, type MnistRunSetup } from './mnist-run';
import {
  BOOK_SINGLE_CONV,
  createSingleConvNetwork,
  pooledSide,
  type SingleConvConfig,
  type SingleConvNetwork,
} from './network';

/** The book seeds numpy (and so `next_batch`'s shuffles) with 20180312. */
export const BOOK_BATCH_SEED = 20180312;
/** The book's figure shows the pooled outputs of the first 9 test digits. */
const FIGURE_DIGITS = 9;

export const CH4_SETUP: MnistRunSetup = {
  chapter: 'ch4',
  description:
    'Network: x → 28×28×1 → conv 5×5×16 (SAME, no bias) → max pool 2×2 → 3136 → dense 1024 ReLU → 10 → softmax; ' +
    'loss −Σ t log p (computed stably), TF 1.x Adam 0.0005.',
  bookSteps: bands.book.steps,
  batchSize: bands.book.batchSize,
  learningRate: bands.book.learningRate,
  evaluateEvery: 1000,
  // The book measures all 10000 test images in one pass; 4 passes of 2500 give the same sums in less memory.
  evalChunk: 2500,
  bookLog: bands.book.log,
  minTestAccuracy: bands.full.minTestAccuracy,
};

/** Runs chapter 4 with the book's numbers, or smaller ones (tests pass a tiny network). */
export async function runChapter4(
  options: RunOptions,
  config: SingleConvConfig = BOOK_SINGLE_CONV,
  setup: MnistRunSetup = CH4_SETUP,
): Promise<ChapterResult> {
  const mnist = loadMnist({ dir: options.mnistDir });
  const network = createSingleConvNetwork(config);
  try {
    const batches = new MnistBatcher(mnist.train, new RandomState(BOOK_BATCH_SEED));
    return await runMnistBook(
      setup,
      { network, batches, mnist, figures: (outDir) => drawFilters(network, mnist, outDir) },
      options,
    );
  } finally {
    network.dispose();
  }
}

/** The 16 filters and, beside each, its pooled output for each of the first 9 test digits. */
async function drawFilters(network: SingleConvNetwork, mnist: MnistData, outDir: string): Promise<string[]> {
  const digits = Math.min(FIGURE_DIGITS, mnist.test.count);
  const first = sliceSplit(mnist.test, 0, digits);
  const { filters, pooled } = tf.tidy(() => {
    const images = tf.tensor4d(first.images, [digits, MNIST_IMAGE_SIDE, MNIST_IMAGE_SIDE, 1]);
    return {
      filters: network.params.wConv.dataSync() as Float32Array,
      pooled: convPool(images, network.params.wConv).dataSync() as Float32Array,
    };
  });
  return save(
    filterFigure(mnist.test, filters, network.config.filters, pooled, digits, pooledSide(MNIST_IMAGE_SIDE)),
    outDir,
    'ch4-filters',
  );
}

export const bookRun: BookRun = {
  jobSize: 'large',
  bookSteps: CH4_SETUP.bookSteps,
  run: (options) => runChapter4(options),
};
