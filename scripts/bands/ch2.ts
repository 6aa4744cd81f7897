/**
 * Chapter 2's bands (fixtures/bands/ch2.json). Zeros init and TF 1.x Adam make a run deterministic
 * for a given dataset, so the chapter is measured over datasets: the book's, and the same blocks
 * drawn from RandomState(seed) for each seed.
 */
import * as tf from '@tensorflow/tfjs';
import bands from '../../fixtures/bands/ch2.json';
import type { BandMeasurement } from '../../lib/run/types';
import { RandomState } from '../../lib/numpy-random';
import { toTensors, type LabelledSet } from '../../solutions/ch2-logistic-regression/data';
import { bookTrainingSet, splitExperimentSet } from '../../solutions/ch2-logistic-regression/dataset';
import { splitTrainTest } from '../../solutions/ch2-logistic-regression/split';
import { evaluate, trainClassifier } from '../../solutions/ch2-logistic-regression/train';
import { rounded } from './rounded';

const LOG_EVERY = 4000;

async function train(set: LabelledSet, steps: number, logEvery: number) {
  const { x, t } = toTensors(set);
  const { w, w0, log } = await trainClassifier({ x, t, steps, logEvery });
  const params = { w0: w0.dataSync()[0]!, w1: w.dataSync()[0]!, w2: w.dataSync()[1]! };
  tf.dispose([x, t, w, w0]);
  return { log, params };
}

export const measurement: BandMeasurement = {
  jobSize: 'small',
  defaultSeeds: 30,
  async measure({ seeds, print }) {
    const book = await train(bookTrainingSet(), bands.book.steps, LOG_EVERY);
    print(`ch2 book: ${JSON.stringify(book)}`);
    const shortSteps = bands.short.book.steps;
    const shortBook = (await train(bookTrainingSet(), shortSteps, shortSteps)).log.at(-1)!;
    print(`ch2 book data, ${shortSteps} steps: ${JSON.stringify(shortBook)}`);
    const seedSteps = bands.short.seeds.steps;
    const seedRuns: { seed: number; loss: number; accuracy: number }[] = [];
    for (const seed of seeds) {
      const final = (await train(bookTrainingSet(new RandomState(seed)), seedSteps, seedSteps)).log.at(-1)!;
      print(
        `ch2 data seed ${seed}, ${seedSteps} steps: loss ${final.loss.toFixed(4)} accuracy ` +
          `${final.accuracy.toFixed(4)}`,
      );
      seedRuns.push({ seed, loss: rounded(final.loss), accuracy: rounded(final.accuracy) });
    }
    const split: { seed: number; train: number; test: number }[] = [];
    for (const seed of [bands.book.seed, ...seeds]) {
      const rs = new RandomState(seed);
      bookTrainingSet(rs); // the split experiment continues the book's stream
      const { train: trainSet, test: testSet } = splitTrainTest(splitExperimentSet(rs));
      const tr = toTensors(trainSet);
      const te = toTensors(testSet);
      const { w, w0, log } = await trainClassifier({
        x: tr.x,
        t: tr.t,
        steps: bands.split.steps,
        logEvery: bands.split.steps,
      });
      const testAccuracy = (await evaluate(te.x, te.t, { w, w0 })).accuracy;
      tf.dispose([tr.x, tr.t, te.x, te.t, w, w0]);
      const row = { seed, train: rounded(log.at(-1)!.accuracy), test: rounded(testAccuracy) };
      print(`ch2 split, data seed ${seed}: ${JSON.stringify(row)}`);
      split.push(row);
    }
    return { book, shortBook, seedRuns, split };
  },
};
