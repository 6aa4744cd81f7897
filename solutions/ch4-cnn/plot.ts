/**
 * Chapter 4's figures from the learner's code: their network trained a modest number of steps
 * beside the reference trained the same way (same seed, same batches, same Adam), then each one's
 * 16 filters beside their pooled outputs for the first test digits, drawn as the book run draws them.
 */
import * as tf from '@tensorflow/tfjs';
import { chooseBackend } from '../../lib/backend';
import type { ChapterPlot } from '../../lib/learner/plot';
import { MnistBatcher } from '../../lib/mnist/batches';
import { MNIST_IMAGE_SIDE } from '../../lib/mnist/idx';
import { loadMnist, sliceSplit, type MnistData } from '../../lib/mnist/load';
import { RandomState } from '../../lib/numpy-random';
import { BOOK_BATCH_SEED, CH4_SETUP } from './book-run';
import type * as ConvPool from './conv-pool';
import type { Evaluation } from './evaluate';
import type * as Evaluate from './evaluate';
import { filterFigure, save } from './figures';
import type * as Network from './network';
import type * as Train from './train';
import { evalChunkFor } from './mnist-run';

export interface Ch4Modules {
  [kata: string]: unknown;
  'conv-pool': typeof ConvPool;
  network: typeof Network;
  evaluate: typeof Evaluate;
  train: typeof Train;
}

/** The book's figure shows the pooled outputs of the first 9 test digits. */
const FIGURE_DIGITS = 9;
/** Test images per forward pass when measuring the test set. */
const EVAL_CHUNK = 2500;

/**
 * The CLI picks a backend for a small job (cpu when there is no TensorFlow binding); these
 * networks are a large job, so switch to what chooseBackend picks for one unless already there.
 */
export async function useLargeJobBackend(print: (line: string) => void): Promise<void> {
  if (['wasm', 'webgpu', 'tensorflow'].includes(tf.getBackend())) return;
  const choice = await chooseBackend('auto', 'large');
  if (choice.name !== 'cpu') print(`backend: ${choice.name} (a large job)`);
}

/** One side's training, measured on the test set after the last step. */
export interface SideRun extends Evaluation {
  who: 'yours' | 'reference';
}

/** Trains `network` with `train.trainClassifier` on the book's batches and measures the test set once, at the end. */
export async function trainAndMeasure(
  who: SideRun['who'],
  network: Network.Network,
  mnist: MnistData,
  modules: { train: typeof Train; evaluate: typeof Evaluate },
  setup: { steps: number; batchSize: number; learningRate: number },
  print: (line: string) => void,
): Promise<SideRun> {
  const batches = new MnistBatcher(mnist.train, new RandomState(BOOK_BATCH_SEED));
  const { log } = await modules.train.trainClassifier({
    network,
    batches,
    steps: setup.steps,
    batchSize: setup.batchSize,
    learningRate: setup.learningRate,
    evaluateEvery: setup.steps,
    evaluate: () => modules.evaluate.evaluate(network, mnist.test, evalChunkFor(EVAL_CHUNK)),
  });
  const final = log.at(-1)!;
  const run: SideRun = { who, loss: final.testLoss!, accuracy: final.testAccuracy! };
  print(
    `${who}: test loss ${run.loss.toFixed(2)}, accuracy ${run.accuracy.toFixed(4)} ` +
      `after ${setup.steps} steps of ${setup.batchSize}`,
  );
  return run;
}

export const chapterPlot: ChapterPlot<Ch4Modules> = {
  needs: ['conv-pool', 'head', 'loss', 'accuracy', 'network', 'evaluate', 'train'],
  // 200 steps of 100: about a minute a side on wasm (2 cores); 50 steps already reach ~92% test accuracy.
  defaultSteps: 200,
  async plot({ learner, reference, steps, outDir, print }) {
    await useLargeJobBackend(print);
    const mnist = loadMnist();
    const digits = Math.min(FIGURE_DIGITS, mnist.test.count);
    const first = sliceSplit(mnist.test, 0, digits);
    const config = reference.network.BOOK_SINGLE_CONV;
    const files: string[] = [];
    for (const [who, modules] of [
      ['yours', learner],
      ['reference', reference],
    ] as const) {
      const network = modules.network.createSingleConvNetwork(config);
      try {
        await trainAndMeasure(
          who,
          network,
          mnist,
          modules,
          { steps, batchSize: CH4_SETUP.batchSize, learningRate: CH4_SETUP.learningRate },
          print,
        );
        const { filters, pooled } = tf.tidy(() => {
          const images = tf.tensor4d(first.images, [digits, MNIST_IMAGE_SIDE, MNIST_IMAGE_SIDE, 1]);
          return {
            filters: network.params.wConv.dataSync() as Float32Array,
            pooled: modules['conv-pool'].convPool(images, network.params.wConv).dataSync() as Float32Array,
          };
        });
        const side = reference.network.pooledSide(MNIST_IMAGE_SIDE);
        files.push(
          ...(await save(
            filterFigure(mnist.test, filters, config.filters, pooled, digits, side),
            outDir,
            `ch4-filters-${who}`,
          )),
        );
      } finally {
        network.dispose();
      }
    }
    return files;
  },
};
