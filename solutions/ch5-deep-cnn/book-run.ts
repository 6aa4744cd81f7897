/**
 * The book's chapter 5 run: two convolution layers (32 and 64 filters), dropout 0.5, Adam 0.0001,
 * 4000 steps of 50, the test set measured in 4 chunks of 2500 every 1000 steps; then the first
 * layer's filters and the first 10 misclassified digits.
 */
import bands from '../../fixtures/bands/ch5.json';
import ch4Bands from '../../fixtures/bands/ch4.json';
import { EpochOrder, MnistBatcher } from '../../lib/mnist/batches';
import { loadMnist } from '../../lib/mnist/load';
import { RandomState } from '../../lib/numpy-random';
import type { BookRun, ChapterResult, RunOptions } from '../../lib/run/types';
import { BOOK_BATCH_SEED } from '../ch4-cnn/book-run';
import { filterGridFigure, save } from '../ch4-cnn/figures';
import { runMnistBook, type MnistRunSetup } from '../ch4-cnn/mnist-run';
import { BOOK_DOUBLE_CONV, createDoubleConvNetwork, type DoubleConvConfig } from './network';

/** Filters per row in the filter figure. */
const FILTER_COLUMNS = 8;

export const CH5_SETUP: MnistRunSetup = {
  chapter: 'ch5',
  description:
    'Network: x → 28×28×1 → conv 5×5×32 + b, ReLU, max pool 2×2 → conv 5×5×64 + b, ReLU, max pool 2×2 → 3136 → ' +
    'dense 1024 ReLU → dropout (keep 0.5) → 10 → softmax; loss −Σ t log p (computed stably), TF 1.x Adam 0.0001.',
  bookSteps: bands.book.steps,
  batchSize: bands.book.batchSize,
  learningRate: bands.book.learningRate,
  evaluateEvery: 1000,
  evalChunk: 2500,
  bookLog: bands.book.log,
  minTestAccuracy: bands.full.minTestAccuracy,
};

/**
 * numpy's generator as chapter 5's `next_batch` found it: the notebook runs chapter 5 in the same
 * Python session right after chapter 4, without reseeding, so the shuffles continue from where
 * chapter 4's 4000 batches of 100 left the RandomState(20180312).
 */
export function bookBatchRng(trainCount: number): RandomState {
  const rng = new RandomState(BOOK_BATCH_SEED);
  const chapter4 = new EpochOrder(trainCount, rng);
  for (let step = 0; step < ch4Bands.book.steps; step++) chapter4.next(ch4Bands.book.batchSize);
  return rng;
}

/** Runs chapter 5 with the book's numbers, or smaller ones (tests pass a tiny network). */
export async function runChapter5(
  options: RunOptions,
  config: DoubleConvConfig = BOOK_DOUBLE_CONV,
  setup: MnistRunSetup = CH5_SETUP,
): Promise<ChapterResult> {
  const mnist = loadMnist({ dir: options.mnistDir });
  const network = createDoubleConvNetwork(config);
  try {
    options.print(
      "Batches: numpy's RandomState(20180312) continued after chapter 4's 4000 batches, as in the book's notebook.",
    );
    const batches = new MnistBatcher(mnist.train, bookBatchRng(mnist.train.count));
    const figures = async (outDir: string) => {
      const filters = network.params.wConv1.dataSync() as Float32Array;
      return save(filterGridFigure(filters, config.filters1, FILTER_COLUMNS), outDir, 'ch5-filters');
    };
    return await runMnistBook(setup, { network, batches, mnist, figures }, options);
  } finally {
    network.dispose();
  }
}

export const bookRun: BookRun = {
  jobSize: 'large',
  bookSteps: CH5_SETUP.bookSteps,
  run: (options) => runChapter5(options),
};
