/**
 * What the book runs of chapters 4 and 5 share: train a network on MNIST with the book's
 * minibatches, print the test log beside the book's, time training and evaluation apart, hold the
 * final test accuracy to its floor, and draw the figures common to both chapters.
 */
import { largestTensorBytes } from '../../lib/backend';
import type { MnistData } from '../../lib/mnist/load';
import { atLeast, type Check } from '../../lib/run/bands';
import { createProgress, formatSeconds } from '../../lib/run/progress';
import type { ChapterResult, LogPoint, RunOptions } from '../../lib/run/types';
import { evaluate } from './evaluate';
import { firstMisclassified, misclassifiedFigure, predictProbabilities, save, trainingFigure } from './figures';
import type { Network } from './network';
import { LOSS_READ_EVERY, trainClassifier, type Batches } from './train';

export interface BookLogPoint {
  step: number;
  loss: number;
  accuracy: number;
}

/** The numbers of one chapter's book run. */
export interface MnistRunSetup {
  chapter: 'ch4' | 'ch5';
  /** One line describing the network and its training, printed before the run. */
  description: string;
  bookSteps: number;
  batchSize: number;
  learningRate: number;
  evaluateEvery: number;
  /** Test examples per forward pass when evaluating. */
  evalChunk: number;
  /** The book's log at 1000, 2000, 3000, 4000. */
  bookLog: readonly BookLogPoint[];
  /** The floor for the final test accuracy of the full run. */
  minTestAccuracy: number;
}

export interface MnistRunParts {
  network: Network;
  batches: Batches;
  mnist: MnistData;
  /** Draws the chapter's own figures after training; returns the files written. */
  figures?: (outDir: string) => Promise<string[]>;
}

/**
 * Floats per image of the widest activation in chapters 4 and 5 (chapter 5's first convolution,
 * 28×28×32), doubled for the buffers a convolution keeps beside it.
 */
const WIDEST_FLOATS_PER_IMAGE = 2 * 28 * 28 * 32;

/**
 * Test images per forward pass: the book's, or fewer where the backend binds less at once (a WebGPU
 * adapter with 128 MiB fits 668 images of chapter 5; 2500 would be rejected). The loss is summed and
 * the correct answers counted over the chunks, so only float32 rounding notices the difference.
 */
export function evalChunkFor(requested: number): number {
  const fits = Math.floor(largestTensorBytes() / (4 * WIDEST_FLOATS_PER_IMAGE));
  return Math.max(1, Math.min(requested, fits));
}

/** About 80 points on the training-loss curve: 50 steps averaged per point in a run of 4000. */
const CURVE_POINTS = 80;
/** The book shows the first 10 misclassified test digits. */
const MISCLASSIFIED_SHOWN = 10;

export async function runMnistBook(
  setup: MnistRunSetup,
  parts: MnistRunParts,
  options: RunOptions,
): Promise<ChapterResult> {
  const { network, batches, mnist } = parts;
  const { print, outDir, backend } = options;
  const steps = options.steps ?? setup.bookSteps;
  const bookAt = new Map(setup.bookLog.map((e) => [e.step, e]));
  print(`MNIST from ${mnist.dir}: ${mnist.train.count} training, ${mnist.test.count} test images`);
  print(setup.description);
  const evalChunk = evalChunkFor(setup.evalChunk);
  const chunkNote =
    evalChunk < setup.evalChunk ? ` (the book: ${setup.evalChunk}; this backend binds less at once)` : '';
  print(
    `${steps} steps of ${setup.batchSize}; the test set is measured every ${setup.evaluateEvery} steps and after ` +
      `the last, ${evalChunk} images per pass${chunkNote}.`,
  );

  const progress = createProgress(steps, print);
  const batchLosses: number[] = [];
  let evalSeconds = 0;
  const timedEvaluate = async () => {
    const start = performance.now();
    const result = await evaluate(network, mnist.test, evalChunk);
    evalSeconds += (performance.now() - start) / 1000;
    return result;
  };
  const start = performance.now();
  const { log } = await trainClassifier({
    network,
    batches,
    steps,
    batchSize: setup.batchSize,
    learningRate: setup.learningRate,
    evaluateEvery: setup.evaluateEvery,
    evaluate: timedEvaluate,
    onStep: (step, loss) => {
      batchLosses.push(loss);
      // Losses arrive LOSS_READ_EVERY steps at a time: report the last of each group, whose time is now.
      if (step % LOSS_READ_EVERY === 0 || step === steps) progress.update(step, { 'batch loss': loss });
    },
    onLog: ({ step, testLoss, testAccuracy }) => {
      const book = bookAt.get(step);
      const ours = `Step: ${step}, Loss: ${testLoss!.toFixed(6)}, Accuracy: ${testAccuracy!.toFixed(6)}`;
      print(book ? `${ours}   (book: Loss ${book.loss.toFixed(6)}, Accuracy ${book.accuracy.toFixed(6)})` : ours);
    },
  });
  const totalSeconds = (performance.now() - start) / 1000;
  const trainSeconds = totalSeconds - evalSeconds;
  print(
    `training: ${formatSeconds(trainSeconds)} (${((1000 * trainSeconds) / steps).toFixed(1)} ms per step); ` +
      `evaluating the test set ${log.length} times: ${formatSeconds(evalSeconds)}`,
  );

  const final = log.at(-1)!;
  const figureStart = performance.now();
  const probabilities = predictProbabilities(network, mnist.test, evalChunk);
  const misses = firstMisclassified(mnist.test, probabilities, MISCLASSIFIED_SHOWN);
  const figures = [
    ...(await save(misclassifiedFigure(mnist.test, misses, setup.chapter), outDir, `${setup.chapter}-misclassified`)),
    ...(await save(
      trainingFigure(
        batchLosses,
        setup.batchSize,
        log,
        setup.bookLog,
        Math.max(1, Math.round(steps / CURVE_POINTS)),
        setup.chapter,
      ),
      outDir,
      `${setup.chapter}-training`,
    )),
    ...((await parts.figures?.(outDir)) ?? []),
  ];
  print(`figures: ${formatSeconds((performance.now() - figureStart) / 1000)}`);

  const isBookScale = steps === setup.bookSteps;
  const checks: Check[] = isBookScale
    ? [atLeast('final test accuracy', final.testAccuracy!, setup.minTestAccuracy)]
    : [];
  const lines = isBookScale
    ? checks.map((c) => c.line)
    : [`${steps} steps is not the book's ${setup.bookSteps}: the accuracy floor applies to the full run only`];
  lines.forEach((line) => print(line));
  const pass = checks.every((c) => c.ok);
  const points: LogPoint[] = log.map(({ step, loss, testLoss, testAccuracy }) => ({
    step,
    loss,
    testLoss,
    testAccuracy,
  }));
  return {
    chapter: setup.chapter,
    backend: backend.name,
    runs: [
      {
        name: 'book',
        steps,
        log: points,
        final: {
          loss: final.testLoss!,
          accuracy: final.testAccuracy!,
          trainSeconds,
          evalSeconds,
          msPerStep: (1000 * trainSeconds) / steps,
        },
        band: { book: setup.bookLog, minTestAccuracy: setup.minTestAccuracy },
        pass,
        checks: lines,
      },
    ],
    figures,
    seconds: progress.elapsedSeconds(),
    pass,
  };
}
