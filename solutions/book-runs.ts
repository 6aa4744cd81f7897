/**
 * The book-scale run of each chapter, loaded on demand so that `solve ch1` never imports MNIST.
 */
import type { BookRun } from '../lib/run/types';

export const BOOK_RUNS: Record<string, () => Promise<BookRun>> = {
  ch1: async () => (await import('./ch1-temperatures/book-run')).bookRun,
  ch2: async () => (await import('./ch2-logistic-regression/book-run')).bookRun,
  ch3: async () => (await import('./ch3-neural-networks/book-run')).bookRun,
  ch4: async () => (await import('./ch4-cnn/book-run')).bookRun,
  ch5: async () => (await import('./ch5-deep-cnn/book-run')).bookRun,
};
