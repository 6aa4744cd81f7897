/**
 * The bench's cases: the reference solutions' own training step of chapters 4 and 5 on a fresh
 * book-size network, with the book's batches, learning rate and TF 1.x Adam.
 */
import { MnistBatcher } from '../mnist/batches';
import type { MnistSplit } from '../mnist/load';
import { RandomState } from '../numpy-random';
import { Tf1Adam } from '../tf1-adam';
import { BOOK_BATCH_SEED, CH4_SETUP } from '../../solutions/ch4-cnn/book-run';
import { BOOK_SINGLE_CONV, createSingleConvNetwork, type Network } from '../../solutions/ch4-cnn/network';
import { trainStep } from '../../solutions/ch4-cnn/train';
import { CH5_SETUP } from '../../solutions/ch5-deep-cnn/book-run';
import { BOOK_DOUBLE_CONV, createDoubleConvNetwork } from '../../solutions/ch5-deep-cnn/network';
import { cnnLayers } from './flops';
import type { BenchCase } from './run';

export const CHAPTERS = ['ch4', 'ch5'] as const;
export type Chapter = (typeof CHAPTERS)[number];

export const bookSetup = (chapter: Chapter) => (chapter === 'ch4' ? CH4_SETUP : CH5_SETUP);

/** The solutions' training step on a fresh book-size network of `chapter`, with the book's batches. */
export function bookCase(chapter: Chapter, train: MnistSplit): BenchCase {
  const setup = bookSetup(chapter);
  const layers =
    chapter === 'ch4'
      ? cnnLayers({
          side: 28,
          channels: 1,
          kernel: 5,
          convFilters: [BOOK_SINGLE_CONV.filters],
          dense: [BOOK_SINGLE_CONV.hiddenUnits, 10],
        })
      : cnnLayers({
          side: 28,
          channels: 1,
          kernel: 5,
          convFilters: [BOOK_DOUBLE_CONV.filters1, BOOK_DOUBLE_CONV.filters2],
          dense: [BOOK_DOUBLE_CONV.hiddenUnits, 10],
        });
  return {
    chapter,
    layers,
    batchSize: setup.batchSize,
    setUp: () => {
      const network: Network = chapter === 'ch4' ? createSingleConvNetwork() : createDoubleConvNetwork();
      const optimizer = new Tf1Adam({ learningRate: setup.learningRate });
      const batches = new MnistBatcher(train, new RandomState(BOOK_BATCH_SEED));
      return {
        step: (index) => {
          // Reading the loss waits for the step to finish, so that a GPU's queued work is timed too.
          const loss = trainStep(network, optimizer, batches.nextBatch(setup.batchSize), index + 1);
          loss.dataSync();
          loss.dispose();
        },
        dispose: () => {
          optimizer.dispose();
          network.dispose();
        },
      };
    },
  };
}
